import { artifactExists } from "../../artifacts/artifact-store";
import type { Db } from "../../db";
import { DomainError } from "../errors";
import type { ReleaseApp } from "./release-app";

/**
 * The prod deployment a rollback goes back to: one of this service's earlier prod deployments,
 * built successfully, whose artifact is still stored, and not the one serving now (nor, while an
 * instant rollback pins the instance, one it was rolled back from, unless undoing it).
 */
export async function loadRollbackTarget(db: Db, app: ReleaseApp, serviceId: string, deploymentId: string, opts: { undo?: boolean } = {}) {
  const service = app.services.find((s) => s.id === serviceId);
  if (!service) throw new DomainError("NOT_FOUND", "No such service in this app.", "serviceId");
  const instance = app.instances.find((i) => i.serviceId === serviceId && i.stage === "prod");
  if (!instance?.currentDeployment) throw new DomainError("BAD_INPUT", `${service.name} has nothing deployed on prod.`);
  const target = await db.deployment.findFirst({ where: { id: deploymentId, instanceId: instance.id }, include: { build: true } });
  if (!target) throw new DomainError("NOT_FOUND", `That deployment is not one of ${service.name}'s prod deployments.`, "deploymentId");
  if (target.id === instance.currentDeploymentId)
    throw new DomainError("BAD_INPUT", `Prod already serves that deployment of ${service.name}.`, "deploymentId");
  if (target.build && target.build.status !== "SUCCEEDED")
    throw new DomainError("BAD_INPUT", `Build #${target.build.number} of that deployment did not succeed.`, "deploymentId");
  // While pinned, the deployments after the pinned one are what was rolled back: going there is "undo rollback".
  const pinned = instance.pinnedDeploymentId === instance.currentDeploymentId ? instance.currentDeployment : null;
  if (pinned && !opts.undo && target.createdAt > pinned.createdAt) {
    throw new DomainError(
      "BAD_INPUT",
      `Prod was rolled back from that deployment of ${service.name}; use "Undo rollback" to serve it again.`,
      "deploymentId",
    );
  }
  const artifact = await artifactExists(target.artifactPath);
  return { service, instance, current: instance.currentDeployment, target, artifactOnDisk: Boolean(artifact) };
}
