import type { Db } from "../../db";
import { DomainError } from "../errors";
import { recordAudit } from "../audit/record-audit";
import { checkProfileFields, type ProfileFields } from "./create-profile";

export async function updateProfile(db: Db, orgId: string, actorId: string, id: string, input: ProfileFields) {
  const fields = checkProfileFields(input);
  return db.$transaction(async (tx) => {
    const before = await tx.deploymentProfile.findFirst({ where: { id, orgId } });
    if (!before) throw new DomainError("NOT_FOUND", "No such deployment profile.");
    if (fields.name !== before.name && (await tx.deploymentProfile.findFirst({ where: { orgId, name: fields.name } }))) {
      throw new DomainError("BAD_INPUT", `A profile named ${fields.name} already exists.`, "name");
    }
    await tx.deploymentProfile.update({ where: { id }, data: fields });
    await recordAudit(tx, {
      orgId,
      actorId,
      action: "profile.update",
      target: `profile ${fields.name}`,
      before: { name: before.name, description: before.description, region: before.region },
      after: fields,
    });
    return { id };
  });
}
