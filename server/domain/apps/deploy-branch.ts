import { DomainError } from "../errors";
import { lsRemoteBranches } from "../git/git";
import { repositoryRemote } from "../repositories/repository-remote";
import type { TriggerDeps } from "../triggers/handle-branch";
import { recordAudit } from "../audit/record-audit";
import { handleBranchPush } from "../triggers/handle-branch";

export type DeployedBranch = Awaited<ReturnType<typeof deployBranch>>;

/** "Deploy now": builds the branch's current head as if it had just been pushed. */
export async function deployBranch(deps: TriggerDeps, orgId: string, actorId: string, appSlug: string, branch: string) {
  const app = await deps.db.app.findFirst({ where: { orgId, slug: appSlug }, include: { repository: true } });
  if (!app) throw new DomainError("NOT_FOUND", `No app "${appSlug}".`);
  const refs = await lsRemoteBranches(await repositoryRemote(deps.db, deps.cipher, app.repository));
  const sha = refs[branch];
  if (!sha) throw new DomainError("BAD_INPUT", `The repository has no branch "${branch.slice(0, 100)}".`, "branch");
  const builds = await handleBranchPush(deps, app.id, branch, sha, "manual", actorId);
  await recordAudit(deps.db, {
    orgId,
    actorId,
    action: "app.deploy",
    target: `${app.slug}@${branch}`,
    after: { commit: sha, builds: builds.length },
  });
  return builds.map((b) => ({ id: b.id, number: b.number }));
}
