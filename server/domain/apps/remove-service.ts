import type { Db } from "../../db";
import { DomainError } from "../errors";
import { recordAudit } from "../audit/record-audit";
import type { RuntimeTeardown } from "../repositories/repository-deps";
import { findApp } from "./find-app";
import { teardownInstances } from "./teardown-instances";

/**
 * Removes a service from an app. Its local stages stop serving (Slipway's runtime serves them from
 * the rows that go); `destroyStages` refuses while external-target stages are still deployed,
 * otherwise those are left running in the cloud account and Slipway forgets them.
 */
export async function removeService(
  db: Db,
  runtime: RuntimeTeardown,
  orgId: string,
  actorId: string,
  appSlug: string,
  serviceId: string,
  destroyStages: boolean,
) {
  const app = await findApp(db, orgId, appSlug);
  const service = await db.service.findFirst({ where: { id: serviceId, appId: app.id } });
  if (!service) throw new DomainError("NOT_FOUND", "No such service in this app.");
  const torn = await teardownInstances(db, runtime, { serviceId }, destroyStages);
  await db.$transaction(async (tx) => {
    await tx.service.delete({ where: { id: service.id } });
    await recordAudit(tx, {
      orgId,
      actorId,
      action: "service.remove",
      target: `app ${app.slug} service ${service.name}`,
      before: { name: service.name, path: service.path },
      after: { destroyStages, localStagesStopped: torn.local.length, leftRunning: torn.leftRunning },
    });
  });
  await torn.announce();
  return { removed: service.name, localStagesStopped: torn.local.length, leftRunning: torn.leftRunning };
}
