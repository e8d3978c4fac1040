import type { Db } from "../../db";
import { DomainError } from "../errors";
import { recordAudit } from "../audit/record-audit";
import { findApp } from "./find-app";

/**
 * "Clear cache" on a service: its dependency cache epoch goes up, so every key of its earlier
 * installs stops matching on every worker (their entries are pruned at the service's next build).
 */
export async function clearDependencyCache(o: { db: Db; orgId: string; actorId: string; appSlug: string; serviceId: string }) {
  return o.db.$transaction(async (tx) => {
    const app = await findApp(tx, o.orgId, o.appSlug);
    const service = await tx.service.findFirst({ where: { id: o.serviceId, appId: app.id } });
    if (!service) throw new DomainError("NOT_FOUND", "No such service in this app.");
    const after = await tx.service.update({ where: { id: service.id }, data: { dependencyCacheEpoch: { increment: 1 } } });
    await recordAudit(tx, {
      orgId: o.orgId,
      actorId: o.actorId,
      action: "service.clearCache",
      target: `app ${app.slug} service ${service.name}`,
      before: { dependencyCacheEpoch: service.dependencyCacheEpoch },
      after: { dependencyCacheEpoch: after.dependencyCacheEpoch },
    });
    return { service: service.name, epoch: after.dependencyCacheEpoch };
  });
}
