import type { Release } from "@prisma/client";
import { markReleaseFailed, rollbackAudit } from "./release-record";
import { DomainError } from "../errors";
import type { ReleaseClone } from "./release-clone";
import { withProdClone, releasePushed } from "./prod-clone";
import { deployProdNow } from "./deploy-prod-now";
import { releaseBranches, type ReleaseApp, type ReleaseDeps } from "./release-app";
import type { ReleaseLog } from "../../logs/release-log";

/**
 * Rolls prod back the git way (the worker's release job): every commit on the prod branch after the
 * chosen deployment's commit is reverted (a merge commit with -m 1, so a promotion's merge is undone
 * as one) into one new commit, which is pushed; the prod deployment then builds it. Git history
 * keeps telling what is live. The revert is repo-wide: every service those commits touched goes back too.
 */
export async function runRevert(deps: ReleaseDeps, app: ReleaseApp, release: Release, log: ReleaseLog) {
  const { db } = deps;
  const branches = releaseBranches(app);
  const service = app.services.find((s) => s.id === release.serviceId);
  const target = release.targetDeploymentId ? await db.deployment.findUnique({ where: { id: release.targetDeploymentId } }) : null;
  if (!service || !target) throw new DomainError("NOT_FOUND", "The service or deployment this rollback goes back to is gone.");
  const audit = rollbackAudit(db, release, { appSlug: app.slug, service, auditFields: { mode: "revert", deployment: target.id } });

  return withProdClone(deps, app, release.actorId, log, async (clone) => {
    try {
      const head = await clone.revParse("HEAD");
      await db.release.update({ where: { id: release.id }, data: { fromSha: head } });
      if (head === target.commitSha) {
        // Nothing to revert: the branch already says this commit, prod serves another one.
        const pinned = Boolean(app.instances.find((i) => i.id === target.instanceId)?.pinnedDeploymentId);
        throw new DomainError(
          "BAD_INPUT",
          `The ${branches.prod} branch is already at ${head.slice(0, 7)}, so there is nothing to revert. ${pinned ? `To serve it again, use "Undo rollback".` : "To serve it again, switch back to it instantly."}`,
        );
      }
      if (!(await clone.isAncestor(target.commitSha, head)))
        throw new DomainError("CONFLICT", `${target.commitSha.slice(0, 7)} is not in ${branches.prod}'s history any more.`);
      log.line(`Reverting the commits of ${branches.prod} after ${target.commitSha.slice(0, 7)}…`);
      const commits = await revertRange(clone, target.commitSha, head);
      // The reverted tree must be exactly the chosen commit's, or this was not a rollback to it.
      if (!(await clone.git(["diff", "--cached", "--quiet", target.commitSha], { allowFail: true })).ok) {
        throw new DomainError(
          "CONFLICT",
          `Reverting the commits after ${target.commitSha.slice(0, 7)} does not give back its files (the history of ${branches.prod} is not linear); roll back in git by hand.`,
        );
      }
      const body = commits.map(([sha]) => `Reverts ${sha}`).join("\n");
      await clone.git([
        "commit",
        "--quiet",
        "-m",
        `Roll back ${branches.prod} to ${target.commitSha.slice(0, 7)} (${service.name})`,
        ...(release.note ? ["-m", release.note] : []),
        "-m",
        body,
      ]);
      const toSha = await clone.revParse("HEAD");
      log.line(`Reverted ${commits.length} commit(s) as ${toSha.slice(0, 7)}; pushing to ${branches.prod}…`);
      await clone.push(branches.prod);
      log.line(`Pushed: ${branches.prod} is at ${toSha.slice(0, 7)}`);
      const builds = await deployProdNow(deps, app, branches.prod, toSha, release.actorId);
      const buildIds = await releasePushed(deps, release.id, toSha, builds);
      await audit({ outcome: "pushed", from: head, commit: toSha, reverted: commits.length, builds: buildIds.length });
      return { toSha, builds };
    } catch (e) {
      const error = (e as Error).message;
      await markReleaseFailed(db, release.id, error);
      await audit({ outcome: "failed", error });
      throw e;
    }
  });
}

/** Reverts, uncommitted, every first-parent commit of from..to (a merge with -m 1, undone as one); newest first. */
export async function revertRange(clone: ReleaseClone, from: string, to: string) {
  const commits = (await clone.git(["rev-list", "--first-parent", "--parents", `${from}..${to}`])).out
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((l) => l.split(" "));
  for (const [sha, ...parents] of commits) {
    const res = await clone.git(["revert", "--no-commit", ...(parents.length > 1 ? ["-m", "1"] : []), sha], { allowFail: true });
    if (!res.ok) {
      const files = (await clone.git(["diff", "--name-only", "--diff-filter=U"], { allowFail: true })).out
        .trim()
        .split("\n")
        .filter(Boolean);
      throw new DomainError(
        "CONFLICT",
        `Reverting ${sha.slice(0, 7)} conflicts${files.length ? ` in ${files.join(", ")}` : ""}; revert it in git by hand.`,
      );
    }
  }
  return commits;
}
