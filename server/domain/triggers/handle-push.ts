import type { Db } from "../../db";
import type { PushPayload } from "../../jobs/push";
import { refHead, syncMirror } from "../git/git";
import { repositoryRemote } from "../repositories/repository-remote";
import { syncPullRequestComment, type ReportDeps } from "../github/report-build";
import { handleBranchDeleted, handleBranchPush, type TriggerDeps } from "./handle-branch";
import { mirrorDir } from "../git/mirror-dir";
import { logger } from "../../logger";

export interface PushDeps extends TriggerDeps {
  /** Set when GitHub reporting is configured: the pull request comment is kept in sync from here. */
  report: ReportDeps | null;
}

export interface PushOutcome {
  builds: { id: string; number: number }[];
  ignored?: string;
}

/**
 * What a webhook reported, done in the worker (the `push` job): fetch the mirror, read the branch
 * head from it, and turn that into builds. The delivery's own commit is only a hint, so a captured
 * push replayed later (with a new delivery id) cannot deploy its old commit: the remote's head is
 * built, and a head this repository's ref already had handled is skipped (dedupe by repository +
 * ref + commit, recorded in Repository.refs, which the poller reads too).
 */
export async function handlePush(opts: { deps: PushDeps; change: PushPayload }): Promise<PushOutcome> {
  const { deps, change } = opts;
  const app = await deps.db.app.findUnique({ where: { id: change.appId }, include: { repository: true } });
  if (!app) return { builds: [], ignored: "the app no longer exists" };
  const gitDir = mirrorDir(deps.env.SLIPWAY_DATA_DIR, app.repositoryId);
  if (change.event === "pull_request" && change.closing) return pullRequest(deps, change, null);
  await syncMirror(await repositoryRemote(deps.db, deps.cipher, app.repository), gitDir);
  if (change.event === "pull_request") {
    // A fork's commit is on no branch here (refs/pull/N/head on GitHub); a branch's PR builds the branch's head.
    const head = change.fromFork
      ? ((await refHead(gitDir, `refs/pull/${change.number}/head`)) ?? change.headSha)
      : await refHead(gitDir, `refs/heads/${change.branch}`);
    if (!head) return { builds: [], ignored: `branch ${change.branch} does not exist` };
    return pullRequest(deps, change, head);
  }
  const head = await refHead(gitDir, `refs/heads/${change.branch}`);
  if (change.event === "delete") {
    // A replayed deletion must not destroy a branch that exists.
    if (head) return { builds: [], ignored: `branch ${change.branch} still exists` };
    const builds = await handleBranchDeleted(deps, app.id, change.branch);
    await forgetRef(deps.db, app.repositoryId, change.branch);
    return { builds: brief(builds) };
  }
  if (!head) return { builds: [], ignored: `branch ${change.branch} does not exist` };
  const known = ((app.repository.refs ?? {}) as Record<string, string>)[change.branch];
  if (known === head) return { builds: [], ignored: `${change.branch} at ${head.slice(0, 12)} was already handled` };
  const builds = await handleBranchPush(deps, app.id, change.branch, head, "push", null, undefined, { mirrorSynced: true });
  // After the builds are queued: a failure before this retries the whole job (queueing collapses duplicates).
  await recordRef(deps.db, app.repositoryId, change.branch, head);
  return { builds: brief(builds) };
}

async function pullRequest(
  deps: PushDeps,
  change: Extract<PushPayload, { event: "pull_request" }>,
  head: string | null,
): Promise<PushOutcome> {
  const { appId, number, branch, baseRef, closing, fromFork } = change;
  const headSha = head ?? change.headSha;
  const pr = await deps.db.pullRequest.upsert({
    where: { appId_number: { appId, number } },
    create: { appId, number, headBranch: branch, baseBranch: baseRef, headSha, open: !closing },
    update: { headBranch: branch, baseBranch: baseRef, headSha, open: !closing },
  });
  const builds = closing
    ? await handleBranchDeleted(deps, appId, branch, "pr-closed")
    : await handleBranchPush(
        deps,
        appId,
        branch,
        headSha,
        "pull_request",
        null,
        (s) => s.previewEnabled && s.previewTargetBranch === baseRef,
        { fromFork, mirrorSynced: true },
      );
  if (deps.report)
    await syncPullRequestComment(deps.report, pr.id).catch((e) => logger().error(`[push] PR comment: ${(e as Error).message}`));
  return { builds: brief(builds) };
}

const brief = (builds: { id: string; number: number }[]) => builds.map((b) => ({ id: b.id, number: b.number }));

/** One key of the JSON column, atomically: pushes of other branches handled at the same time are kept. */
async function recordRef(db: Db, repositoryId: string, branch: string, sha: string) {
  await db.$executeRaw`UPDATE "Repository" SET refs = jsonb_set(COALESCE(refs, '{}'::jsonb), ARRAY[${branch}]::text[], to_jsonb(${sha}::text)) WHERE id = ${repositoryId}`;
}

async function forgetRef(db: Db, repositoryId: string, branch: string) {
  await db.$executeRaw`UPDATE "Repository" SET refs = COALESCE(refs, '{}'::jsonb) - ${branch}::text WHERE id = ${repositoryId}`;
}
