import type { Db } from "../../db";
import { DomainError } from "../errors";
import { recordAudit } from "../audit/record-audit";
import { validateStageName } from "../stages/stage-name";
import { findApp, findProfile } from "./find-app";

/** Maps a stage of an app to a profile (creating or changing the mapping). */
export async function setStageMapping(db: Db, orgId: string, actorId: string, slug: string, stage: string, profileId: string) {
  const bad = validateStageName(stage);
  if (bad) throw new DomainError("BAD_INPUT", bad, "stage");
  return db.$transaction(async (tx) => {
    const app = await findApp(tx, orgId, slug);
    const profile = await findProfile(tx, orgId, profileId);
    const before = await tx.stageMapping.findUnique({ where: { appId_stage: { appId: app.id, stage } }, include: { profile: true } });
    await tx.stageMapping.upsert({
      where: { appId_stage: { appId: app.id, stage } },
      create: { appId: app.id, stage, profileId: profile.id },
      update: { profileId: profile.id },
    });
    await recordAudit(tx, {
      orgId,
      actorId,
      action: "stage.map",
      target: `app ${app.slug} stage ${stage}`,
      before: before ? { profile: before.profile.name } : undefined,
      after: { profile: profile.name },
    });
    return { stage, profileId: profile.id };
  });
}

/** Removes a mapping: the stage then uses the app's default profile. */
export async function removeStageMapping(db: Db, orgId: string, actorId: string, slug: string, stage: string) {
  return db.$transaction(async (tx) => {
    const app = await findApp(tx, orgId, slug);
    const before = await tx.stageMapping.findUnique({ where: { appId_stage: { appId: app.id, stage } }, include: { profile: true } });
    if (!before) throw new DomainError("NOT_FOUND", `Stage ${stage} has no mapping.`);
    await tx.stageMapping.delete({ where: { id: before.id } });
    await recordAudit(tx, {
      orgId,
      actorId,
      action: "stage.unmap",
      target: `app ${app.slug} stage ${stage}`,
      before: { profile: before.profile.name },
    });
    return { stage };
  });
}
