import { emitReleaseEvent } from "../notifications/emit-release-event";
import { recordAudit } from "../audit/record-audit";
import { markReleaseFailed, markReleasePushed } from "./release-record";
import { DomainError } from "../errors";
import { syncMirror } from "../git/git";
import { repositoryRemote } from "../repositories/repository-remote";
import { mirrorDir } from "../triggers/handle-branch";
import { cloneForRelease } from "./release-git";
import { withReleaseLock } from "./release-lock";
import { activeBuilds, actorIdentity, deployProdNow, loadReleaseApp, releaseBranches, type ReleaseDeps } from "./release-app";
import { loadRollbackTarget } from "./rollback-target";

export interface RollbackInput {
  orgId: string;
  actorId: string;
  slug: string;
  serviceId: string;
  deploymentId: string;
  note?: string;
  /** An instant rollback during a deploy freeze: the admin's reason for overriding it. */
  overrideReason?: string;
}

/**
 * Rolls prod back the git way: every commit on the prod branch after the chosen deployment's commit
 * is reverted (a merge commit with -m 1, so a promotion's merge is undone as one) into one new
 * commit, which is pushed; the prod deployment then builds it. Git history keeps telling what is
 * live. The revert is repo-wide: every service those commits touched goes back too.
 */
export async function rollbackRevert(deps: ReleaseDeps, input: RollbackInput) {
  const { db } = deps;
  const app = await loadReleaseApp(db, input.orgId, input.slug);
  const branches = releaseBranches(app);
  const { service, target } = await loadRollbackTarget(db, app, input.serviceId, input.deploymentId);

  return withReleaseLock(deps.redis, deps.redisPrefix, app.id, async () => {
    const running = await activeBuilds(db, app.id, "prod");
    if (running.length) throw new DomainError("CONFLICT", `Prod is deploying (${running.map((b) => `${b.service.name} #${b.number}`).join(", ")}); wait for it to finish.`);
    const gitDir = mirrorDir(deps.dataDir, app.repositoryId);
    const remote = await repositoryRemote(db, deps.cipher, app.repository);
    await syncMirror(remote, gitDir);
    const clone = await cloneForRelease(gitDir, remote, branches.prod, await actorIdentity(db, input.actorId));
    const release = await db.release.create({
      data: { orgId: input.orgId, appId: app.id, kind: "ROLLBACK_REVERT", serviceId: service.id, actorId: input.actorId, note: input.note ?? "", sourceSha: target.commitSha, targetDeploymentId: target.id },
    });
    const audit = (after: Record<string, unknown>) =>
      recordAudit(db, { orgId: input.orgId, actorId: input.actorId, action: "release.rollback", target: `${app.slug}/${service.name}@prod`, after: { mode: "revert", to: target.commitSha, deployment: target.id, note: input.note ?? "", ...after } });
    try {
      const head = await clone.revParse("HEAD");
      await db.release.update({ where: { id: release.id }, data: { fromSha: head } });
      if (head === target.commitSha) throw new DomainError("BAD_INPUT", `${branches.prod} is already at ${head.slice(0, 7)}; use the instant rollback to redeploy it.`);
      if (!(await clone.isAncestor(target.commitSha, head))) throw new DomainError("CONFLICT", `${target.commitSha.slice(0, 7)} is not in ${branches.prod}'s history any more.`);
      const commits = (await clone.git(["rev-list", "--first-parent", "--parents", `${target.commitSha}..${head}`])).out.trim().split("\n").filter(Boolean).map((l) => l.split(" "));
      for (const [sha, ...parents] of commits) {
        const res = await clone.git(["revert", "--no-commit", ...(parents.length > 1 ? ["-m", "1"] : []), sha], { allowFail: true });
        if (!res.ok) {
          const files = (await clone.git(["diff", "--name-only", "--diff-filter=U"], { allowFail: true })).out.trim().split("\n").filter(Boolean);
          throw new DomainError("CONFLICT", `Reverting ${sha.slice(0, 7)} conflicts${files.length ? ` in ${files.join(", ")}` : ""}; revert it in git by hand.`);
        }
      }
      // The reverted tree must be exactly the chosen commit's, or this was not a rollback to it.
      if (!(await clone.git(["diff", "--cached", "--quiet", target.commitSha], { allowFail: true })).ok) {
        throw new DomainError("CONFLICT", `Reverting the commits after ${target.commitSha.slice(0, 7)} does not give back its files (the history of ${branches.prod} is not linear); roll back in git by hand.`);
      }
      const body = commits.map(([sha]) => `Reverts ${sha}`).join("\n");
      await clone.git(["commit", "--quiet", "-m", `Roll back ${branches.prod} to ${target.commitSha.slice(0, 7)} (${service.name})`, ...(input.note ? ["-m", input.note] : []), "-m", body]);
      const toSha = await clone.revParse("HEAD");
      await clone.push(branches.prod);
      const builds = await deployProdNow(deps, app, branches.prod, toSha, input.actorId);
      const buildIds = await markReleasePushed(db, release.id, toSha, builds);
      await emitReleaseEvent(deps.notify, release.id);
      await audit({ outcome: "pushed", from: head, commit: toSha, reverted: commits.length, builds: buildIds.length });
      return { releaseId: release.id, toSha, reverted: commits.map(([sha]) => sha), builds: builds.map((b) => ({ id: b.id, number: b.number })) };
    } catch (e) {
      const error = (e as Error).message;
      await markReleaseFailed(db, release.id, error);
      await audit({ outcome: "failed", error });
      throw e;
    } finally {
      await clone.dispose();
    }
  });
}
