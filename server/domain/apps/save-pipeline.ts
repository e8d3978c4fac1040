import type { Prisma } from "@prisma/client";
import type { Db } from "../../db";
import { DomainError } from "../errors";
import { recordAudit } from "../audit/record-audit";
import { findApp } from "./find-app";
import { assertPipelineProfiles, parsePipeline, type PipelineSettings } from "./update-service";
import { appPipeline } from "./app-pipeline";
import { serviceView } from "./list-services";

/**
 * The app's pipeline in one save: previews and branch → stage rules, written to every service it
 * applies to (one transaction, one audit entry). Services left out keep their own pipeline.
 */
export async function savePipeline(
  db: Db,
  opts: { orgId: string; actorId: string; appSlug: string; pipeline: PipelineSettings; serviceIds: string[] },
) {
  const pipeline = parsePipeline(opts.pipeline);
  if (opts.serviceIds.length === 0)
    throw new DomainError("BAD_INPUT", "Choose at least one service the pipeline applies to.", "serviceIds");
  return db.$transaction(async (tx) => {
    const app = await findApp(tx, opts.orgId, opts.appSlug);
    const services = await tx.service.findMany({ where: { appId: app.id }, orderBy: { name: "asc" } });
    const chosen = services.filter((s) => opts.serviceIds.includes(s.id));
    if (chosen.length !== new Set(opts.serviceIds).size) throw new DomainError("BAD_INPUT", "Choose services of this app.", "serviceIds");
    await assertPipelineProfiles(tx, opts.orgId, pipeline.branchDeployments);
    const before = appPipeline(services.map(serviceView));
    await tx.service.updateMany({
      where: { id: { in: chosen.map((s) => s.id) } },
      data: { ...pipeline, branchDeployments: pipeline.branchDeployments as unknown as Prisma.InputJsonValue },
    });
    await recordAudit(tx, {
      orgId: opts.orgId,
      actorId: opts.actorId,
      action: "app.pipeline",
      target: `app ${app.slug}`,
      before: { ...before.pipeline, services: services.filter((s) => before.following.includes(s.id)).map((s) => s.name) },
      after: { ...pipeline, services: chosen.map((s) => s.name) },
    });
    return { services: chosen.map((s) => s.name) };
  });
}
