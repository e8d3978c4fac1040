import type { Db } from "../../db";

/**
 * The outputs every live instance of the org published at its current deployment, keyed the way
 * `${output:app:stage:region:service.key}` names them.
 */
export async function loadPublishedOutputs(db: Db, orgId: string): Promise<Record<string, Record<string, unknown>>> {
  const instances = await db.serviceInstance.findMany({
    where: { app: { orgId }, removedAt: null, currentDeploymentId: { not: null } },
    include: { app: { select: { slug: true } }, service: { select: { name: true } }, currentDeployment: { include: { outputs: true } } },
  });
  const out: Record<string, Record<string, unknown>> = {};
  for (const i of instances) {
    const values = i.currentDeployment?.outputs[0]?.values;
    if (values && typeof values === "object")
      out[`${i.app.slug}:${i.stage}:${i.region}:${i.service.name}`] = values as Record<string, unknown>;
  }
  return out;
}
