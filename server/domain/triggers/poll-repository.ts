import { lsRemoteBranches } from "../git/git";
import { repositoryRemote } from "../repositories/repository-remote";
import { handleBranchDeleted, handleBranchPush, type TriggerDeps } from "./handle-branch";

/**
 * Watches a git remote by polling its branches. The first poll only records what is there (adding
 * a repository must not deploy every old branch); later polls turn moved, new and deleted branches
 * into builds. The conditional update makes sure only one of several pollers acts on a change.
 */
export async function pollRepository(deps: TriggerDeps, appId: string) {
  const app = await deps.db.app.findUniqueOrThrow({ where: { id: appId }, include: { repository: true } });
  const repo = app.repository;
  let refs: Record<string, string>;
  try {
    refs = await lsRemoteBranches(await repositoryRemote(deps.db, deps.cipher, repo));
  } catch (e) {
    await deps.db.repository.update({ where: { id: repo.id }, data: { pollError: (e as Error).message, polledAt: new Date() } });
    return { pushed: [], deleted: [], error: (e as Error).message };
  }
  const claimed = await deps.db.repository.updateMany({
    where: { id: repo.id, polledAt: repo.polledAt },
    data: { refs, polledAt: new Date(), pollError: null },
  });
  if (claimed.count === 0 || repo.polledAt === null) return { pushed: [], deleted: [], error: null };
  const before = (repo.refs ?? {}) as Record<string, string>;
  const pushed = Object.entries(refs).filter(([b, sha]) => before[b] !== sha);
  const deleted = Object.keys(before).filter((b) => !(b in refs));
  for (const [branch, sha] of pushed) await handleBranchPush(deps, appId, branch, sha);
  for (const branch of deleted) await handleBranchDeleted(deps, appId, branch);
  return { pushed: pushed.map(([b]) => b), deleted, error: null };
}
