import type { Db } from "../../db";
import { DomainError } from "../errors";
import { loadReleaseApp, type ReleaseApp } from "./release-app";
import { rollbackInstant } from "./rollback-instant";

export interface PinnedInput {
  orgId: string;
  actorId: string;
  slug: string;
  serviceId: string;
  note?: string;
  overrideReason?: string;
}

/** The prod instance of a service and the pin on it, or a clear "not rolled back". */
export function pinnedProdInstance(app: ReleaseApp, serviceId: string) {
  const service = app.services.find((s) => s.id === serviceId);
  if (!service) throw new DomainError("NOT_FOUND", "No such service in this app.", "serviceId");
  const instance = app.instances.find((i) => i.serviceId === serviceId && i.stage === "prod");
  if (!instance?.currentDeployment || !instance.pinnedDeploymentId || instance.pinnedDeploymentId !== instance.currentDeploymentId) {
    throw new DomainError("BAD_INPUT", `${service.name} on prod is not rolled back.`, "serviceId");
  }
  return { service, instance, pinned: instance.currentDeployment };
}

/** The newest deployment that finished: what the instance served before it was rolled back. */
export async function newestDeployment(db: Db, instanceId: string) {
  return db.deployment.findFirst({
    where: { instanceId, OR: [{ buildId: null }, { build: { status: "SUCCEEDED" } }] },
    orderBy: { createdAt: "desc" },
  });
}

/**
 * "Undo rollback": the pinned instance switches forward to its newest deployment (the instant
 * rollback's own switch, warmed first), the pin is cleared and the pushes it held go ahead.
 */
export async function undoRollback(deps: Parameters<typeof rollbackInstant>[0], input: PinnedInput) {
  const app = await loadReleaseApp(deps.db, input.orgId, input.slug);
  const { service, instance, pinned } = pinnedProdInstance(app, input.serviceId);
  const newest = await newestDeployment(deps.db, instance.id);
  if (!newest || newest.id === pinned.id)
    throw new DomainError("CONFLICT", `${service.name} has no newer deployment to go back to; make the rollback permanent instead.`);
  return rollbackInstant(deps, { ...input, deploymentId: newest.id, undo: true });
}
