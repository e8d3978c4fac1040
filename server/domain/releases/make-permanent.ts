import { DomainError } from "../errors";
import { mirrorDir } from "../triggers/handle-branch";
import type { Release } from "@prisma/client";
import { markReleaseFailed, rollbackAudit, rollbackReleaseRow } from "./release-record";
import { logRange } from "./release-git";
import { queueRelease, withProdClone, releasePushed, type ReleaseRequestDeps } from "./release-session";
import { deployProdNow, loadReleaseApp, releaseBranches, type ReleaseApp, type ReleaseDeps } from "./release-app";
import type { ReleaseLog } from "../../logs/release-log";
import { revertRange } from "./rollback-revert";
import { pinnedProdInstance, type PinnedInput } from "./undo-rollback";

/** The deployment a pinned instance was rolled back from, or a clear refusal. */
async function rolledBackFrom(db: ReleaseDeps["db"], app: ReleaseApp, serviceId: string) {
  const { service, instance, pinned } = pinnedProdInstance(app, serviceId);
  const from = instance.pinnedFromDeploymentId ? await db.deployment.findUnique({ where: { id: instance.pinnedFromDeploymentId } }) : null;
  if (!from)
    throw new DomainError(
      "CONFLICT",
      `Slipway does not know which deployment ${service.name} was rolled back from; revert it in git by hand.`,
    );
  return { service, instance, pinned, from };
}

/** Asks to make an instant rollback permanent: checked here (the service is pinned, its "from" known), queued for the worker. */
export async function makeRollbackPermanent(deps: ReleaseRequestDeps, input: PinnedInput) {
  const app = await loadReleaseApp(deps.db, input.orgId, input.slug);
  const { service, pinned } = await rolledBackFrom(deps.db, app, input.serviceId);
  const release = await queueRelease(
    deps,
    app,
    rollbackReleaseRow({
      orgId: input.orgId,
      service,
      actorId: input.actorId,
      note: input.note ?? "",
      kind: "ROLLBACK_PERMANENT",
      target: pinned,
    }),
  );
  return { releaseId: release.id };
}

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

/** What "make it permanent" will revert, shown in its dialog before the click (local mirror only, no fetch). */
export async function previewMakePermanent(
  deps: { db: ReleaseDeps["db"]; dataDir: string },
  input: { orgId: string; slug: string; serviceId: string },
) {
  const app = await loadReleaseApp(deps.db, input.orgId, input.slug);
  const branches = releaseBranches(app);
  const { instance, pinned } = pinnedProdInstance(app, input.serviceId);
  const from = instance.pinnedFromDeploymentId
    ? await deps.db.deployment.findUnique({ where: { id: instance.pinnedFromDeploymentId } })
    : null;
  const gitDir = mirrorDir(deps.dataDir, app.repositoryId);
  return {
    prodBranch: branches.prod,
    prodHead: ((app.repository.refs ?? {}) as Record<string, string>)[branches.prod] ?? null,
    pinnedSha: pinned.commitSha,
    fromSha: from?.commitSha ?? null,
    commits: from ? await logRange(gitDir, pinned.commitSha, from.commitSha) : [],
  };
}
