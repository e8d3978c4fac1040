import type { Db } from "../../db";
import type { Cipher } from "../secrets/cipher";
import { DomainError } from "../errors";
import { recordAudit } from "../audit/record-audit";
import { ACCESS_KEY_ID_RE, assertRoleArn, newExternalId } from "./cloud-access";

export type CloudAccessInput =
  | { mode: "role"; roleArn: string }
  | { mode: "keys"; accessKeyId: string; /** Omitted: keep the stored one. */ secretAccessKey?: string }
  | { mode: "none" };

/**
 * Sets how Slipway reaches the profile's AWS account: an access role (assumed with the profile's
 * external ID) or static keys, whose secret is stored encrypted. Choosing one clears the other.
 */
export async function setCloudAccess(db: Db, cipher: Cipher, orgId: string, actorId: string, id: string, input: CloudAccessInput) {
  return db.$transaction(async (tx) => {
    const p = await tx.deploymentProfile.findFirst({ where: { id, orgId } });
    if (!p) throw new DomainError("NOT_FOUND", "No such deployment profile.");
    let data;
    if (input.mode === "role") {
      const roleArn = input.roleArn.trim();
      assertRoleArn(roleArn);
      data = { awsRoleArn: roleArn, awsExternalId: p.awsExternalId ?? newExternalId(), awsAccessKeyId: null, awsSecretKeyCipher: null };
    } else if (input.mode === "keys") {
      const accessKeyId = input.accessKeyId.trim();
      if (!ACCESS_KEY_ID_RE.test(accessKeyId))
        throw new DomainError("BAD_INPUT", "An access key ID is 20 characters starting with AKIA or ASIA.", "accessKeyId");
      const secret = input.secretAccessKey;
      if (secret !== undefined && secret !== "" && !/^[A-Za-z0-9/+=]{40}$/.test(secret)) {
        throw new DomainError("BAD_INPUT", "A secret access key is 40 characters of letters, digits, /, + and =.", "secretAccessKey");
      }
      const keep = !secret && p.awsAccessKeyId !== null && p.awsSecretKeyCipher !== null;
      if (!secret && !keep) throw new DomainError("BAD_INPUT", "Enter the secret access key.", "secretAccessKey");
      data = { awsRoleArn: null, awsAccessKeyId: accessKeyId, awsSecretKeyCipher: keep ? p.awsSecretKeyCipher : cipher.encrypt(secret!) };
    } else {
      data = { awsRoleArn: null, awsAccessKeyId: null, awsSecretKeyCipher: null };
    }
    await tx.deploymentProfile.update({ where: { id }, data });
    const view = (x: { awsRoleArn: string | null; awsAccessKeyId: string | null; awsSecretKeyCipher: string | null }) => ({
      roleArn: x.awsRoleArn,
      accessKeyId: x.awsAccessKeyId,
      secretAccessKey: x.awsSecretKeyCipher ? "[set]" : null,
    });
    await recordAudit(tx, {
      orgId,
      actorId,
      action: "profile.access",
      target: `profile ${p.name}`,
      before: view(p),
      after: view({ ...p, ...data }),
    });
    return { id };
  });
}

/** A new external ID (the role's trust policy must then be updated in AWS). */
export async function regenerateExternalId(db: Db, orgId: string, actorId: string, id: string) {
  return db.$transaction(async (tx) => {
    const p = await tx.deploymentProfile.findFirst({ where: { id, orgId } });
    if (!p) throw new DomainError("NOT_FOUND", "No such deployment profile.");
    const externalId = newExternalId();
    await tx.deploymentProfile.update({ where: { id }, data: { awsExternalId: externalId } });
    await recordAudit(tx, {
      orgId,
      actorId,
      action: "profile.external-id",
      target: `profile ${p.name}`,
      before: { externalId: p.awsExternalId },
      after: { externalId },
    });
    return { externalId };
  });
}
