import { DomainError } from "../errors";
import { mirrorDir } from "../triggers/handle-branch";
import { markReleaseFailed, openRollbackRelease } from "./release-record";
import { logRange } from "./release-git";
import { withProdClone, releasePushed } from "./release-session";
import { deployProdNow, loadReleaseApp, releaseBranches, type ReleaseDeps } from "./release-app";
import { revertRange } from "./rollback-revert";
import { pinnedProdInstance, type PinnedInput } from "./undo-rollback";

/**
 * "Make it permanent": after an instant rollback, the commits that were rolled back (those between
 * the pinned deployment's commit and the one it was rolled back from) are reverted on the prod
 * branch in one commit and pushed, and prod deploys it, so the branch and what serves agree again.
 * The pinned service is built even though its files equal what it serves: that deploy ends the pin.
 * Like any revert, it is repo-wide: other services those commits touched go back too and deploy.
 */
export async function makeRollbackPermanent(deps: ReleaseDeps, input: PinnedInput) {
  const { db } = deps;
  const app = await loadReleaseApp(db, input.orgId, input.slug);
  const branches = releaseBranches(app);
  const { service, instance, pinned } = pinnedProdInstance(app, input.serviceId);
  const from = instance.pinnedFromDeploymentId ? await db.deployment.findUnique({ where: { id: instance.pinnedFromDeploymentId } }) : null;
  if (!from)
    throw new DomainError(
      "CONFLICT",
      `Slipway does not know which deployment ${service.name} was rolled back from; revert it in git by hand.`,
    );

  return withProdClone(deps, app, input.actorId, async (clone) => {
    const { release, audit } = await openRollbackRelease(db, {
      orgId: input.orgId,
      appId: app.id,
      appSlug: app.slug,
      service,
      actorId: input.actorId,
      note: input.note ?? "",
      kind: "ROLLBACK_PERMANENT",
      target: pinned,
      auditFields: { mode: "permanent", from: from.commitSha },
    });
    try {
      const head = await clone.revParse("HEAD");
      await db.release.update({ where: { id: release.id }, data: { fromSha: head } });
      if (!(await clone.isAncestor(from.commitSha, head)) || !(await clone.isAncestor(pinned.commitSha, from.commitSha))) {
        throw new DomainError(
          "CONFLICT",
          `${from.commitSha.slice(0, 7)} (rolled back from) is not in ${branches.prod}'s history after ${pinned.commitSha.slice(0, 7)} any more; revert it in git by hand.`,
        );
      }
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
          ...(input.note ? ["-m", input.note] : []),
          "-m",
          body,
        ]);
        toSha = await clone.revParse("HEAD");
        await clone.push(branches.prod);
      }
      const builds = await deployProdNow(deps, app, branches.prod, toSha, input.actorId);
      if (!builds.some((b) => b.instanceId === instance.id))
        builds.push(...(await deployProdNow(deps, app, branches.prod, toSha, input.actorId, service.id, "rollback")));
      const buildIds = await releasePushed(deps, release.id, toSha, builds);
      await audit({ outcome: "pushed", branchWas: head, commit: toSha, reverted: commits.length, builds: buildIds.length });
      return {
        releaseId: release.id,
        toSha,
        reverted: commits.map(([sha]) => sha),
        builds: builds.map((b) => ({ id: b.id, number: b.number })),
      };
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
