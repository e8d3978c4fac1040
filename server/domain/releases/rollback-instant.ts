import { emitReleaseEvent } from "../notifications/emit-release-event";
import { DeploymentDidNotStart, switchDeployment, type SwitchDeploymentOptions } from "../deployments/switch-deployment";
import { markReleaseFailed } from "./release-record";
import { recordAudit } from "../audit/record-audit";
import { DomainError } from "../errors";
import { withReleaseLock } from "./release-lock";
import { activeBuilds, loadReleaseApp, type ReleaseDeps } from "./release-app";
import type { RollbackInput } from "./rollback-revert";
import { loadRollbackTarget } from "./rollback-target";
import { assertInstantRollbackAllowed } from "./release-blockers";
import { recordPin } from "./pin-state";

/**
 * The emergency rollback: prod switches back to an earlier deployment's artifact, with the
 * resolved config and parameters it ran with then, without a build. The runtime warms it first
 * (a version that no longer starts is refused and prod keeps serving), then the instance points at
 * it, every runtime is told, and schedules follow; its outputs are that deployment's own. The
 * instance is marked pinned (who, when, rolled back from which deployment): the prod branch is ahead
 * of what is live, and pushes wait, until the rollback is undone, made permanent or deployed over.
 * With `undo`, the same switch goes forward to the newest deployment and clears the pin.
 */
export async function rollbackInstant(
  deps: ReleaseDeps & { runtime: SwitchDeploymentOptions["runtime"] },
  input: RollbackInput & { undo?: boolean },
) {
  const { db } = deps;
  const app = await loadReleaseApp(db, input.orgId, input.slug);
  const { service, instance, current, target, artifactOnDisk } = await loadRollbackTarget(db, app, input.serviceId, input.deploymentId, {
    undo: input.undo,
  });
  if (!artifactOnDisk)
    throw new DomainError("BAD_INPUT", `The artifact of that deployment is gone; use a revert rollback instead.`, "deploymentId");
  const rules = await assertInstantRollbackAllowed(db, input.orgId, input.actorId, app.id, input.overrideReason);
  if (rules.error) throw new DomainError(rules.error, rules.message);

  return withReleaseLock(deps.redis, deps.redisPrefix, app.id, async () => {
    const running = await activeBuilds(db, app.id, "prod", service.id);
    if (running.length)
      throw new DomainError(
        "CONFLICT",
        `Build #${running[0].number} of ${service.name} on prod is ${running[0].status.toLowerCase()}; cancel it first, or it would replace the rollback.`,
      );
    const release = await db.release.create({
      data: {
        orgId: input.orgId,
        appId: app.id,
        kind: input.undo ? "ROLLBACK_UNDO" : "ROLLBACK_INSTANT",
        serviceId: service.id,
        actorId: input.actorId,
        note: input.note ?? "",
        fromSha: current.commitSha,
        toSha: target.commitSha,
        sourceSha: target.commitSha,
        targetDeploymentId: target.id,
      },
    });
    const audit = (after: Record<string, unknown>) =>
      recordAudit(db, {
        orgId: input.orgId,
        actorId: input.actorId,
        action: "release.rollback",
        target: `${app.slug}/${service.name}@prod`,
        before: { deployment: current.id, commit: current.commitSha },
        after: {
          mode: input.undo ? "undo" : "instant",
          deployment: target.id,
          commit: target.commitSha,
          note: input.note ?? "",
          ...(rules.override && { freezeOverride: rules.override }),
          ...after,
        },
      });
    try {
      const switched = await switchDeployment({
        db,
        runtime: deps.runtime,
        instanceId: instance.id,
        deploymentId: target.id,
        kind: input.undo ? "deploy" : "rollback",
        expectCurrent: current.id,
      }).catch((e: Error) => {
        if (e instanceof DeploymentDidNotStart)
          throw new DomainError("UNAVAILABLE", `The earlier version did not start, so prod keeps serving the current one: ${e.reason}`);
        throw e;
      });
      if (!switched.switched) throw new DomainError("CONFLICT", `${service.name} on prod changed meanwhile; reload and try again.`);
      const { switchMs } = switched;
      await recordPin({ db, queue: deps.queue, instance, fromDeploymentId: current.id, actorId: input.actorId, undo: input.undo });
      await db.release.update({ where: { id: release.id }, data: { status: "SUCCEEDED", switchMs, finishedAt: new Date() } });
      await emitReleaseEvent(deps.notify, release.id);
      await audit({ outcome: "switched", switchMs });
      return { releaseId: release.id, switchMs, deploymentId: target.id, commitSha: target.commitSha };
    } catch (e) {
      const error = (e as Error).message;
      await markReleaseFailed(db, release.id, error);
      await audit({ outcome: "failed", error });
      throw e;
    }
  });
}
