import { rollbackReleaseRow } from "./release-record";
import { queueRelease, type ReleaseRequestDeps } from "./release-session";
import { loadReleaseApp } from "./release-app";
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

/** Asks for a revert rollback: checked here (the target is a good earlier prod deployment), queued for the worker (runRevert). */
export async function rollbackRevert(deps: ReleaseRequestDeps, input: RollbackInput) {
  const app = await loadReleaseApp(deps.db, input.orgId, input.slug);
  const { service, target } = await loadRollbackTarget(deps.db, app, input.serviceId, input.deploymentId);
  const release = await queueRelease(
    deps,
    app,
    rollbackReleaseRow({ orgId: input.orgId, service, actorId: input.actorId, note: input.note ?? "", kind: "ROLLBACK_REVERT", target }),
  );
  return { releaseId: release.id };
}
