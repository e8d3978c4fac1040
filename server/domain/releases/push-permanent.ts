import type { Release } from "@prisma/client";
import { DomainError } from "../errors";
import { markReleaseFailed, rollbackAudit } from "./release-record";
import { withProdClone, releasePushed } from "./prod-clone";
import { deployProdNow } from "./deploy-prod-now";
import { releaseBranches, type ReleaseApp, type ReleaseDeps } from "./release-app";
import { revertRange } from "./push-revert";
import { rolledBackFrom } from "./make-permanent";
import type { ReleaseLog } from "../../logs/release-log";

/**
 * "Make it permanent" (the worker's release job): after an instant rollback, the commits that were
 * rolled back (those between the pinned deployment's commit and the one it was rolled back from)
 * are reverted on the prod branch in one commit and pushed, and prod deploys it, so the branch and
 * what serves agree again. The pinned service is built even though its files equal what it serves:
 * that deploy ends the pin. Like any revert, it is repo-wide: other services those commits touched
 * go back too and deploy.
 */
export async function runMakePermanent(deps: ReleaseDeps, app: ReleaseApp, release: Release, log: ReleaseLog) {
  const { db } = deps;
  const branches = releaseBranches(app);
  const { service, instance, pinned, from } = await rolledBackFrom(db, app, release.serviceId ?? "");
  const audit = rollbackAudit(db, release, { appSlug: app.slug, service, auditFields: { mode: "permanent", from: from.commitSha } });

  return withProdClone(deps, app, release.actorId, log, async (clone) => {
    try {
      const head = await clone.revParse("HEAD");
      await db.release.update({ where: { id: release.id }, data: { fromSha: head } });
      if (!(await clone.isAncestor(from.commitSha, head)) || !(await clone.isAncestor(pinned.commitSha, from.commitSha))) {
        throw new DomainError(
          "CONFLICT",
          `${from.commitSha.slice(0, 7)} (rolled back from) is not in ${branches.prod}'s history after ${pinned.commitSha.slice(0, 7)} any more; revert it in git by hand.`,
        );
      }
      log.line(`Reverting the rolled-back commits ${pinned.commitSha.slice(0, 7)}..${from.commitSha.slice(0, 7)}…`);
      const commits = await revertRange(clone, pinned.commitSha, from.commitSha);
      // With nothing pushed since the rollback, the result must be exactly what serves; later commits on the branch stay.
      if (head === from.commitSha && !(await clone.git(["diff", "--cached", "--quiet", pinned.commitSha], { allowFail: true })).ok) {
        throw new DomainError(
          "CONFLICT",
          `Reverting the commits after ${pinned.commitSha.slice(0, 7)} does not give back its files (the history of ${branches.prod} is not linear); revert it in git by hand.`,
        );
      }
      let toSha = head;
      if (commits.length > 0) {
        const body = commits.map(([sha]) => `Reverts ${sha}`).join("\n");
        await clone.git([
          "commit",
          "--quiet",
          "--allow-empty",
          "-m",
          `Make the rollback of ${service.name} to ${pinned.commitSha.slice(0, 7)} permanent`,
          ...(release.note ? ["-m", release.note] : []),
          "-m",
          body,
        ]);
        toSha = await clone.revParse("HEAD");
        log.line(`Reverted ${commits.length} commit(s) as ${toSha.slice(0, 7)}; pushing to ${branches.prod}…`);
        await clone.push(branches.prod);
        log.line(`Pushed: ${branches.prod} is at ${toSha.slice(0, 7)}`);
      } else log.line(`Nothing to revert: ${branches.prod} already matches; prod redeploys it`);
      const builds = await deployProdNow(deps, app, branches.prod, toSha, release.actorId);
      if (!builds.some((b) => b.instanceId === instance.id))
        builds.push(...(await deployProdNow(deps, app, branches.prod, toSha, release.actorId, service.id, "rollback")));
      const buildIds = await releasePushed(deps, release.id, toSha, builds);
      await audit({ outcome: "pushed", branchWas: head, commit: toSha, reverted: commits.length, builds: buildIds.length });
      return { toSha, reverted: commits.map(([sha]) => sha), builds };
    } catch (e) {
      const error = (e as Error).message;
      await markReleaseFailed(db, release.id, error);
      await audit({ outcome: "failed", error });
      throw e;
    }
  });
}
