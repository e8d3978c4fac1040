import type { Prisma } from "@prisma/client";
import type { JobQueues } from "../../jobs/catalog";
import { emitReleaseEvent } from "../notifications/emit-release-event";
import { DomainError } from "../errors";
import { syncMirror } from "../git/git";
import { scrubUrls } from "../git/git-failure";
import { repositoryRemote } from "../repositories/repository-remote";
import { mirrorDir } from "../triggers/handle-branch";
import { markReleaseFailed, markReleasePushed } from "./release-record";
import { cloneForRelease, type ReleaseClone } from "./release-git";
import { withReleaseLock } from "./release-lock";
import { activeBuilds, actorIdentity, releaseBranches, type ReleaseApp, type ReleaseDeps } from "./release-app";
import type { ReleaseLog } from "../../logs/release-log";

/** What the web needs to ask for a release: the release deps and the job catalog's producer. */
export type ReleaseRequestDeps = Pick<ReleaseDeps, "db" | "redis" | "redisPrefix" | "dataDir"> & { jobs: Pick<JobQueues, "enqueue"> };

const GIT_KINDS = ["PROMOTE", "ROLLBACK_REVERT", "ROLLBACK_PERMANENT"] as const;

/** Nothing may start on prod while it deploys, nor while another release has not pushed yet. */
async function assertProdFree(deps: Pick<ReleaseDeps, "db">, appId: string) {
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

/**
 * The worker's half: the app's release lock (waiting its turn), nothing deploying on prod, a fresh
 * mirror, and a throwaway clone of the prod branch (removed afterwards, whatever happens).
 */
export async function withProdClone<T>(
  deps: ReleaseDeps,
  app: ReleaseApp,
  actorId: string | null,
  log: ReleaseLog,
  fn: (clone: ReleaseClone) => Promise<T>,
): Promise<T> {
  return withReleaseLock(
    deps.redis,
    deps.redisPrefix,
    app.id,
    async () => {
      await assertProdFree(deps, app.id);
      const gitDir = mirrorDir(deps.dataDir, app.repositoryId);
      const remote = await repositoryRemote(deps.db, deps.cipher, app.repository);
      log.line(`Fetching ${scrubUrls(app.repository.url)}…`);
      await syncMirror(remote, gitDir);
      const prod = releaseBranches(app).prod;
      const clone = await cloneForRelease(gitDir, remote, prod, await actorIdentity(deps.db, actorId));
      log.line(`${prod} is at ${(await clone.revParse("HEAD")).slice(0, 7)}`);
      try {
        return await fn(clone);
      } finally {
        await clone.dispose();
      }
    },
    { waitMs: 30_000 },
  );
}

/** The push is done: the release follows the builds that deploy it, and subscribers are told. */
export async function releasePushed(deps: ReleaseDeps, releaseId: string, toSha: string, builds: Array<{ id: string }>) {
  const buildIds = await markReleasePushed(deps.db, releaseId, toSha, builds);
  await emitReleaseEvent(deps.notify, releaseId);
  return buildIds;
}
