import { syncMirror } from "../git/git";
import { DomainError } from "../errors";
import { mirrorDir } from "../git/mirror-dir";
import { findOrgRepository } from "./find-repository";
import { remoteWithCredential } from "./repository-remote";
import type { RepositoryDeps } from "./repository-deps";
import { readDetectedServices } from "./detected-services";

/**
 * Scans the default branch for serverless files: fetches the repository's mirror (the worker's
 * `git-remote` job runs this; the web reads a mirror, readDetectedServices) and reads a page of them.
 */
export async function detectServices(
  deps: RepositoryDeps,
  orgId: string,
  repositoryId: string,
  page: { offset?: number; limit?: number; sync?: boolean } = {},
) {
  const repo = await findOrgRepository(deps.db, orgId, repositoryId);
  if (!repo.defaultBranch) throw new DomainError("BAD_INPUT", "Test the connection first: Slipway needs to know the default branch.");
  if (page.sync !== false)
    await syncMirror(remoteWithCredential(repo.url, repo.credential, deps.cipher), mirrorDir(deps.env.SLIPWAY_DATA_DIR, repo.id));
  return readDetectedServices(deps, orgId, repositoryId, page);
}
