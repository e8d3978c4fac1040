import type { Db } from "../../db";
import { DomainError } from "../errors";
import { recordAudit } from "../audit/record-audit";
import { assertProfileName, assertRegion, newExternalId } from "./cloud-access";

export interface ProfileFields {
  name: string;
  description: string;
  region: string;
}

export function checkProfileFields(f: ProfileFields): ProfileFields {
  const name = f.name.trim();
  assertProfileName(name);
  assertRegion(f.region.trim());
  return { name, description: f.description.trim(), region: f.region.trim() };
}

/** Creates a profile with a fresh external ID, so the trust policy can be shown before a role exists. */
export async function createProfile(db: Db, orgId: string, actorId: string, input: ProfileFields) {
  const fields = checkProfileFields(input);
  return db.$transaction(async (tx) => {
    if (await tx.deploymentProfile.findFirst({ where: { orgId, name: fields.name } })) {
      throw new DomainError("BAD_INPUT", `A profile named ${fields.name} already exists.`, "name");
    }
    const p = await tx.deploymentProfile.create({ data: { orgId, ...fields, awsExternalId: newExternalId() } });
    await recordAudit(tx, { orgId, actorId, action: "profile.create", target: `profile ${p.name}`, after: fields });
    return { id: p.id, name: p.name };
  });
}
