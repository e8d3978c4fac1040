import { claimBuild } from "../../server/domain/builds/claim-build";
import { noteInLog, runBuild } from "../run-build";
import type { JobHandler } from "./job-context";
import { settleReleasesOf } from "./releases";

/** Claims the build (QUEUED → RUNNING under the instance's lock) and runs it; a build that is gone is dropped. */
export const runBuildJob: JobHandler<"build"> = async (ctx, { buildId }) => {
  const { deps, buildQueue } = ctx;
  const claim = await claimBuild(deps.db, buildId, ctx.workerId);
  if (claim === "gone") return;
  if (typeof claim === "object") {
    // A deploy freeze: the build sleeps as a delayed job and is looked at again when the window ends.
    await noteInLog(deps, buildId, claim.message);
    await buildQueue.enqueue(buildId, { delayMs: Math.max(1000, claim.held.getTime() - Date.now() + 250) });
    return;
  }
  if (claim === "busy") {
    // Another build of the same instance is running: wait for it, never deploy side by side.
    await noteInLog(deps, buildId, "Waiting for the running build of this stage to finish…");
    await buildQueue.enqueue(buildId, { delayMs: 1500 });
    return;
  }
  await runBuild(deps, buildId);
  await settleReleasesOf(ctx, buildId);
};
