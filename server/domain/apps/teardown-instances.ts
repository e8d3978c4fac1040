import type { Db } from "../../db";
import { DomainError } from "../errors";
import type { RuntimeTeardown } from "../repositories/repository-deps";

/**
 * Before a service or an app is deleted: what Slipway's own runtime serves for it stops (schedules
 * removed, runtimes told), since the rows it reads are about to go. Stages on external targets
 * (serverless, script) live in the team's cloud account: with `destroyExternal` they must be
 * removed first (their removal runs their tools in a build), otherwise they are left running.
 */
export async function teardownInstances(
  db: Db,
  runtime: RuntimeTeardown,
  where: { serviceId?: string; appId?: string },
  destroyExternal: boolean,
) {
  const builds = where.serviceId ? { serviceId: where.serviceId } : { service: { appId: where.appId } };
  const running = await db.build.count({ where: { ...builds, status: "RUNNING" } });
  if (running > 0) throw new DomainError("CONFLICT", "A build is running: wait for it or cancel it first.");
  const instances = await db.serviceInstance.findMany({
    where: { ...where, removedAt: null },
    include: { service: { select: { name: true, target: true } } },
  });
  const external = instances.filter((i) => i.service.target !== "LOCAL" && i.currentDeploymentId);
  if (destroyExternal && external.length) {
    throw new DomainError(
      "CONFLICT",
      `Remove these stages first (their removal runs ${external[0].service.target.toLowerCase()} tools in a build): ${external.map((i) => `${i.service.name}@${i.stage}`).join(", ")}.`,
    );
  }
  const local = instances.filter((i) => i.service.target === "LOCAL");
  for (const i of local) await runtime.removeSchedules(i.id);
  return {
    local: local.map((i) => i.id),
    leftRunning: external.map((i) => `${i.service.name}@${i.stage}`),
    announce: async () => {
      for (const i of local) await runtime.announce(i.id).catch(() => undefined);
    },
  };
}
