import type { Db } from "../../db";
import { DomainError } from "../errors";
import { recordAudit } from "../audit/record-audit";
import { profileUsage } from "./profile-usage";

/** Deletes a profile (with its parameters and safeguards) unless an app or a stage mapping uses it. */
export async function deleteProfile(db: Db, orgId: string, actorId: string, id: string) {
  return db.$transaction(async (tx) => {
    const p = await tx.deploymentProfile.findFirst({ where: { id, orgId } });
    if (!p) throw new DomainError("NOT_FOUND", "No such deployment profile.");
    const usage = await profileUsage(tx, orgId, id);
    if (usage.length) throw new DomainError("CONFLICT", `${p.name} is in use and cannot be deleted: it is the ${usage.join("; the ")}.`);
    await tx.deploymentProfile.delete({ where: { id } });
    await recordAudit(tx, {
      orgId,
      actorId,
      action: "profile.delete",
      target: `profile ${p.name}`,
      before: { name: p.name, region: p.region },
    });
    return { id };
  });
}
