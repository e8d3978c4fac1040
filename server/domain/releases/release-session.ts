import { emitReleaseEvent } from "../notifications/emit-release-event";
import { DomainError } from "../errors";
import { syncMirror } from "../git/git";
import { repositoryRemote } from "../repositories/repository-remote";
import { mirrorDir } from "../triggers/handle-branch";
import { markReleasePushed } from "./release-record";
import { cloneForRelease, type ReleaseClone } from "./release-git";
import { withReleaseLock } from "./release-lock";
import { activeBuilds, actorIdentity, releaseBranches, type ReleaseApp, type ReleaseDeps } from "./release-app";

/**
 * What every release that pushes to the prod branch shares: the app's release lock, nothing deploying
 * on prod, a fresh mirror, and a throwaway clone of the prod branch (removed afterwards, whatever happens).
 */
export async function withProdClone<T>(
  deps: ReleaseDeps,
  app: ReleaseApp,
  actorId: string,
  fn: (clone: ReleaseClone) => Promise<T>,
): Promise<T> {
  return withReleaseLock(deps.redis, deps.redisPrefix, app.id, async () => {
    const running = await activeBuilds(deps.db, app.id, "prod");
    if (running.length)
      throw new DomainError(
        "CONFLICT",
        `Prod is deploying (${running.map((b) => `${b.service.name} #${b.number}`).join(", ")}); wait for it to finish.`,
      );
    const gitDir = mirrorDir(deps.dataDir, app.repositoryId);
    const remote = await repositoryRemote(deps.db, deps.cipher, app.repository);
    await syncMirror(remote, gitDir);
    const clone = await cloneForRelease(gitDir, remote, releaseBranches(app).prod, await actorIdentity(deps.db, actorId));
    try {
      return await fn(clone);
    } finally {
      await clone.dispose();
    }
  });
}

/** The push is done: the release follows the builds that deploy it, and subscribers are told. */
export async function releasePushed(deps: ReleaseDeps, releaseId: string, toSha: string, builds: Array<{ id: string }>) {
  const buildIds = await markReleasePushed(deps.db, releaseId, toSha, builds);
  await emitReleaseEvent(deps.notify, releaseId);
  return buildIds;
}
