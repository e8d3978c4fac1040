import type { Db } from "../../db";
import { DomainError } from "../errors";

/** The outputs an app's live instances published, optionally for one stage and/or service. */
export async function listOutputs(db: Db, orgId: string, appSlug: string, filter: { stage?: string; service?: string }) {
  const app = await db.app.findUnique({ where: { orgId_slug: { orgId, slug: appSlug } }, select: { id: true, slug: true } });
  if (!app) throw new DomainError("NOT_FOUND", `No app "${appSlug}" in this organization.`);
  const instances = await db.serviceInstance.findMany({
    where: {
      appId: app.id,
      removedAt: null,
      currentDeploymentId: { not: null },
      ...(filter.stage ? { stage: filter.stage } : {}),
      ...(filter.service ? { service: { name: filter.service } } : {}),
    },
    orderBy: [{ stage: "asc" }, { region: "asc" }],
    include: {
      service: { select: { name: true } },
      currentDeployment: { select: { createdAt: true, outputs: { select: { values: true } } } },
    },
  });
  return instances
    .map((i) => ({
      /** The name `${output:app:stage:region:service.key}` uses. */
      key: `${app.slug}:${i.stage}:${i.region}:${i.service.name}`,
      service: i.service.name,
      stage: i.stage,
      region: i.region,
      deployedAt: i.currentDeployment?.createdAt ?? null,
      values: (i.currentDeployment?.outputs[0]?.values as Record<string, unknown> | undefined) ?? {},
    }))
    .sort((a, b) => a.key.localeCompare(b.key));
}
