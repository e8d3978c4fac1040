import type { Db } from "../../db";
import { parameterView } from "../parameters/parameter-view";
import { findApp } from "./find-app";
import { serviceView } from "./list-services";
import { appPipeline } from "./app-pipeline";

/** An app's settings page: default profile, stage mappings, parameter overrides, services. Secrets masked. */
export async function getAppSettings(db: Db, orgId: string, slug: string) {
  const app = await findApp(db, orgId, slug);
  const [profiles, mappings, params, services] = await Promise.all([
    db.deploymentProfile.findMany({ where: { orgId }, orderBy: { name: "asc" }, select: { id: true, name: true, region: true } }),
    db.stageMapping.findMany({
      where: { appId: app.id },
      orderBy: { stage: "asc" },
      include: { profile: { select: { id: true, name: true } } },
    }),
    db.parameter.findMany({ where: { orgId, appId: app.id }, orderBy: [{ stage: "asc" }, { key: "asc" }] }),
    db.service.findMany({ where: { appId: app.id }, orderBy: { name: "asc" } }),
  ]);
  return {
    app: { id: app.id, slug: app.slug, name: app.name, defaultProfileId: app.defaultProfileId },
    profiles,
    mappings: mappings.map((m) => ({ stage: m.stage, profile: m.profile })),
    appParameters: params.filter((p) => p.scope === "APP").map(parameterView),
    stageParameters: params.filter((p) => p.scope === "APP_STAGE").map(parameterView),
    services: services.map(serviceView),
    /** The pipeline most services share, and which services follow it (the others override it). */
    pipeline: appPipeline(services.map(serviceView)),
  };
}
