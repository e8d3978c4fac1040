import type { Db } from "../../db";
import { lsRemoteBranches, type GitRemote } from "../git/git";

/**
 * What each branch-following stage of an app follows right now: the remote's branches (read from
 * the remote, the truth, not from what the poller last saw) and, for fork pull requests — whose
 * previews follow `pr-<n>`, on no branch of this repository — the head of each open one.
 * Throws when the remote is unreachable.
 */
export async function liveBranches(db: Db, appId: string, remote: GitRemote): Promise<Record<string, string>> {
  const heads = await lsRemoteBranches(remote);
  const open = await db.pullRequest.findMany({ where: { appId, open: true }, select: { number: true, headBranch: true, headSha: true } });
  const out: Record<string, string> = {};
  for (const pr of open) if (pr.headBranch === `pr-${pr.number}`) out[pr.headBranch] = pr.headSha;
  return { ...out, ...heads };
}
