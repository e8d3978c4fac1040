import type { Db } from "../../db";
import type { Cipher } from "../secrets/cipher";
import { mirrorDir } from "../git/mirror-dir";
import { diffConfig } from "./config-diff";
import { deployedConfig, secretKeysOf } from "./get-release-overview";
import { logRange } from "./release-git";
import { loadReleaseApp, releaseBranches } from "./release-app";
import { loadRollbackTarget } from "./rollback-target";

/** What a rollback would change, shown before the user confirms: parameters, outputs and config now → then, and the commits a revert undoes. */
export async function previewRollback(
  deps: { db: Db; cipher: Cipher; dataDir: string },
  orgId: string,
  slug: string,
  serviceId: string,
  deploymentId: string,
) {
  const app = await loadReleaseApp(deps.db, orgId, slug);
  const branches = releaseBranches(app);
  const { current, target, artifactOnDisk } = await loadRollbackTarget(deps.db, app, serviceId, deploymentId);
  const gitDir = mirrorDir(deps.dataDir, app.repositoryId);
  // The mirror as last synced by the worker: a query never fetches from the remote.
  const prodHead = ((app.repository.refs ?? {}) as Record<string, string>)[branches.prod] ?? current.commitSha;
  const changes = diffConfig(
    await deployedConfig(deps.db, deps.cipher, current),
    await deployedConfig(deps.db, deps.cipher, target),
    await secretKeysOf(deps.db, orgId),
  );
  return {
    current: { id: current.id, commitSha: current.commitSha, createdAt: current.createdAt },
    target: { id: target.id, commitSha: target.commitSha, createdAt: target.createdAt, message: target.build?.commitMessage ?? "" },
    instantAvailable: artifactOnDisk,
    commitsToRevert: await logRange(gitDir, target.commitSha, prodHead),
    changes,
  };
}
