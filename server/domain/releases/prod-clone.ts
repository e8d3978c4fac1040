import { emitReleaseEvent } from "../notifications/emit-release-event";
import { syncMirror } from "../git/git";
import { scrubUrls } from "../git/git-failure";
import { repositoryRemote } from "../repositories/repository-remote";
import { mirrorDir } from "../git/mirror-dir";
import { markReleasePushed } from "./release-record";
import { cloneForRelease, type ReleaseClone } from "./release-clone";
import { withReleaseLock } from "./release-lock";
import { assertProdFree } from "./release-session";
import { actorIdentity, releaseBranches, type ReleaseApp, type ReleaseDeps } from "./release-app";
import type { ReleaseLog } from "../../logs/release-log";

/*
 * Worker only: the git of a release job, which fetches from and pushes to the repository's remote.
 * The web never imports this file (scripts/lint/web-remote-git.int.test.ts).
 */

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
