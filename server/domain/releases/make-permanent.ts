import { DomainError } from "../errors";
import { mirrorDir } from "../git/mirror-dir";
import { rollbackReleaseRow } from "./release-record";
import { logRange } from "./release-git";
import { queueRelease, type ReleaseRequestDeps } from "./release-session";
import { loadReleaseApp, releaseBranches, type ReleaseApp, type ReleaseDeps } from "./release-app";
import { pinnedProdInstance, type PinnedInput } from "./undo-rollback";

/** The deployment a pinned instance was rolled back from, or a clear refusal. */
export async function rolledBackFrom(db: ReleaseDeps["db"], app: ReleaseApp, serviceId: string) {
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
