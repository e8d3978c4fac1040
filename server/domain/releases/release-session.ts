import type { Prisma } from "@prisma/client";
import type { JobQueues } from "../../jobs/catalog";
import { DomainError } from "../errors";
import { markReleaseFailed } from "./release-record";
import { withReleaseLock } from "./release-lock";
import { activeBuilds, type ReleaseApp, type ReleaseDeps } from "./release-app";

/** What the web needs to ask for a release: the release deps and the job catalog's producer. */
export type ReleaseRequestDeps = Pick<ReleaseDeps, "db" | "redis" | "redisPrefix" | "dataDir"> & { jobs: Pick<JobQueues, "enqueue"> };

const GIT_KINDS = ["PROMOTE", "ROLLBACK_REVERT", "ROLLBACK_PERMANENT"] as const;

/** Nothing may start on prod while it deploys, nor while another release has not pushed yet. */
export async function assertProdFree(deps: Pick<ReleaseDeps, "db">, appId: string) {
  const running = await activeBuilds(deps.db, appId, "prod");
  if (running.length)
    throw new DomainError(
      "CONFLICT",
      `Prod is deploying (${running.map((b) => `${b.service.name} #${b.number}`).join(", ")}); wait for it to finish.`,
    );
}

/**
 * The web's half of a release that changes the prod branch: under the app's release lock (a moment),
 * refuse while prod deploys or another release has not pushed yet, write the Release row QUEUED
 * (who, why, what) and enqueue the worker's `release` job. Answers at once; the page follows the job.
 */
export async function queueRelease(
  deps: ReleaseRequestDeps,
  app: Pick<ReleaseApp, "id">,
  data: Omit<Prisma.ReleaseUncheckedCreateInput, "appId" | "status">,
  opts: { confirmMerge?: boolean } = {},
) {
  return withReleaseLock(deps.redis, deps.redisPrefix, app.id, async () => {
    await assertProdFree(deps, app.id);
    const pending = await deps.db.release.findFirst({
      where: { appId: app.id, kind: { in: [...GIT_KINDS] }, OR: [{ status: "QUEUED" }, { status: "RUNNING", toSha: null }] },
    });
    if (pending) throw new DomainError("CONFLICT", "Another promotion or rollback of this app is in progress; wait for it to finish.");
    const release = await deps.db.release.create({ data: { ...data, appId: app.id, status: "QUEUED" } });
    try {
      await deps.jobs.enqueue("release", { releaseId: release.id, confirmMerge: opts.confirmMerge });
    } catch {
      await markReleaseFailed(deps.db, release.id, "The job queue did not take the release (is Redis up?); nothing was changed.");
      throw new DomainError("UNAVAILABLE", "The job queue is unavailable; nothing was changed. Try again in a moment.");
    }
    return release;
  });
}
