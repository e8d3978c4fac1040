import { releaseLogWriter } from "../../logs/release-log";
import { DomainError } from "../errors";
import { markReleaseFailed } from "./release-record";
import { loadReleaseAppOf, type ReleaseDeps } from "./release-app";
import { runPromotion } from "./push-promotion";
import { runRevert } from "./push-revert";
import { runMakePermanent } from "./push-permanent";

const LABEL = { PROMOTE: "Promotion", ROLLBACK_REVERT: "Revert rollback", ROLLBACK_PERMANENT: "Making the rollback permanent" } as const;

/**
 * The worker's `release` job: the queued release goes RUNNING (a conditional update: a second run
 * of the same job finds it taken and does nothing), its git work runs with every step written to the
 * release's live log, and it ends FAILED with the reason in words or pushed with the builds that
 * deploy it (settle-release ends it when they do). The log is kept on the row when the job ends.
 */
export async function runRelease(deps: ReleaseDeps, input: { releaseId: string; confirmMerge?: boolean }) {
  const { db } = deps;
  const claimed = await db.release.updateMany({ where: { id: input.releaseId, status: "QUEUED" }, data: { status: "RUNNING" } });
  if (claimed.count === 0) return { status: "taken" as const };
  const release = await db.release.findUniqueOrThrow({ where: { id: input.releaseId } });
  const log = releaseLogWriter({ db, redis: deps.redis, prefix: deps.redisPrefix }, release.id);
  try {
    if (!(release.kind in LABEL)) throw new DomainError("BAD_INPUT", `A ${release.kind} release does not run as a job.`);
    log.line(`${LABEL[release.kind as keyof typeof LABEL]} started by the worker`);
    const app = await loadReleaseAppOf(db, release);
    const outcome =
      release.kind === "PROMOTE"
        ? await runPromotion(deps, app, release, log, input.confirmMerge ?? false)
        : release.kind === "ROLLBACK_REVERT"
          ? await runRevert(deps, app, release, log)
          : await runMakePermanent(deps, app, release, log);
    log.line(
      outcome.builds.length
        ? `Deploying prod: ${outcome.builds.map((b) => `build #${b.number}`).join(", ")}`
        : "Nothing to build: prod already runs it",
    );
    return { status: "pushed" as const, toSha: outcome.toSha, builds: outcome.builds.map((b) => b.id) };
  } catch (e) {
    const reason = e instanceof DomainError ? e.message : `Slipway could not finish the release: ${(e as Error).message}`;
    await markReleaseFailed(db, release.id, reason);
    log.line(`Failed: ${reason}`);
    return { status: "failed" as const, error: reason };
  } finally {
    await log.close();
  }
}
