import type { Db } from "../../db";
import { recordAudit } from "../audit/record-audit";
import { findApp, findProfile } from "./find-app";

/** The profile every stage without a mapping uses (personal and preview stages). */
export async function setDefaultProfile(db: Db, orgId: string, actorId: string, slug: string, profileId: string | null) {
  return db.$transaction(async (tx) => {
    const app = await findApp(tx, orgId, slug);
    const profile = profileId ? await findProfile(tx, orgId, profileId) : null;
    const before = app.defaultProfileId ? await tx.deploymentProfile.findUnique({ where: { id: app.defaultProfileId } }) : null;
    await tx.app.update({ where: { id: app.id }, data: { defaultProfileId: profile?.id ?? null } });
    await recordAudit(tx, {
      orgId,
      actorId,
      action: "app.default-profile",
      target: `app ${app.slug}`,
      before: { defaultProfile: before?.name ?? null },
      after: { defaultProfile: profile?.name ?? null },
    });
    return { defaultProfileId: profile?.id ?? null };
  });
}
