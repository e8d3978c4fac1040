import type { Db } from "../../db";
import { DomainError } from "../errors";
import { validateStageName } from "../stages/stage-name";

/** The tables and buckets the local target provisioned for a stage of an app (retained ones too). */
export async function listStageResources(db: Db, orgId: string, appSlug: string, stage: string) {
  const bad = validateStageName(stage);
  if (bad) throw new DomainError("BAD_INPUT", bad, "stage");
  const app = await db.app.findFirst({ where: { orgId, slug: appSlug }, select: { id: true } });
  if (!app) throw new DomainError("NOT_FOUND", `No app "${appSlug}" in this organization.`);
  const rows = await db.localResource.findMany({
    where: { orgId, instance: { appId: app.id, stage } },
    orderBy: [{ instance: { service: { name: "asc" } } }, { logicalId: "asc" }],
    include: { instance: { select: { id: true, region: true, service: { select: { name: true } } } } },
  });
  return rows.map((r) => ({
    id: r.id,
    instanceId: r.instance.id,
    service: r.instance.service.name,
    logicalId: r.logicalId,
    type: r.type,
    name: r.name,
    arn: r.arn,
    region: r.region,
    retain: r.retain,
    retainedAt: r.retainedAt,
  }));
}
