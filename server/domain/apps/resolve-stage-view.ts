import type { Db } from "../../db";
import { DomainError } from "../errors";
import { validateStageName } from "../stages/stage-name";
import { profileForStage } from "../parameters/params-for-stage";
import { findApp } from "./find-app";

type Source = "profile" | "app" | "app-stage";

/**
 * "What will stage X see": the parameters a stage resolves (profile, then app, then app-stage
 * overrides win), where each came from and what it overrides. Secret values are never decrypted here.
 */
export async function resolveStageView(db: Db, orgId: string, slug: string, stage: string) {
  const bad = validateStageName(stage);
  if (bad) throw new DomainError("BAD_INPUT", bad, "stage");
  const app = await findApp(db, orgId, slug);
  const mapping = await db.stageMapping.findUnique({ where: { appId_stage: { appId: app.id, stage } } });
  const profile = await profileForStage(db, app.id, stage);
  const rows = await db.parameter.findMany({
    where: {
      orgId,
      OR: [
        ...(profile ? [{ scope: "PROFILE" as const, profileId: profile.id }] : []),
        { scope: "APP", appId: app.id },
        { scope: "APP_STAGE", appId: app.id, stage },
      ],
    },
  });
  const rank = { PROFILE: 0, APP: 1, APP_STAGE: 2 } as const;
  rows.sort((a, b) => rank[a.scope] - rank[b.scope]);
  const byKey = new Map<string, { key: string; value: string | null; secret: boolean; source: Source; overrides: Source[] }>();
  for (const r of rows) {
    const source: Source = r.scope === "PROFILE" ? "profile" : r.scope === "APP" ? "app" : "app-stage";
    const prev = byKey.get(r.key);
    byKey.set(r.key, {
      key: r.key,
      value: r.secret ? null : (r.value ?? ""),
      secret: r.secret,
      source,
      overrides: prev ? [...prev.overrides, prev.source] : [],
    });
  }
  return {
    stage,
    profile: profile ? { id: profile.id, name: profile.name, region: profile.region } : null,
    via: mapping ? ("mapping" as const) : profile ? ("default" as const) : ("none" as const),
    parameters: [...byKey.values()].sort((a, b) => a.key.localeCompare(b.key)),
  };
}
