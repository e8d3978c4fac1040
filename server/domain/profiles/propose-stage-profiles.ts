import type { Db } from "../../db";

export const GUIDE_STAGES = ["dev", "staging", "prod"] as const;
export type GuideStage = (typeof GUIDE_STAGES)[number];

/**
 * For the New app flow: which existing profile each of the guide's stages (dev, staging, prod)
 * should map to — a profile whose `env` parameter is the stage, else one whose name contains it —
 * and which profile is the default (the dev one: personal and preview stages use it).
 */
export async function proposeStageProfiles(db: Db, orgId: string) {
  const profiles = await db.deploymentProfile.findMany({
    where: { orgId },
    orderBy: { name: "asc" },
    select: { id: true, name: true, parameters: { where: { scope: "PROFILE", key: "env" }, select: { value: true } } },
  });
  const envOf = (p: (typeof profiles)[number]) => p.parameters[0]?.value ?? null;
  const mapping: Record<GuideStage, string | null> = { dev: null, staging: null, prod: null };
  for (const stage of GUIDE_STAGES) {
    const byEnv = profiles.find((p) => envOf(p) === stage);
    const byName = profiles.find((p) => new RegExp(`(^|[^a-z])${stage}([^a-z]|$)`, "i").test(p.name));
    mapping[stage] = (byEnv ?? byName)?.id ?? null;
  }
  return {
    profiles: profiles.map((p) => ({ id: p.id, name: p.name, env: envOf(p) })),
    mapping,
    defaultProfileId: mapping.dev ?? profiles[0]?.id ?? null,
    missing: GUIDE_STAGES.filter((s) => !mapping[s]),
  };
}
