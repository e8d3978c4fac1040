import type { Db } from "../../db";
import { DomainError } from "../errors";
import { parameterView } from "../parameters/parameter-view";
import { accessMode } from "./list-profiles";
import { profileUsage } from "./profile-usage";
import { accessRoleTemplate, trustPolicy } from "./cloud-access";

/** One profile for its settings page: never a secret value, only whether it is set. */
export async function getProfile(db: Db, orgId: string, id: string, principalArn: string | undefined) {
  const p = await db.deploymentProfile.findFirst({
    where: { id, orgId },
    include: { parameters: { where: { scope: "PROFILE" }, orderBy: { key: "asc" } }, safeguards: { orderBy: { createdAt: "asc" } } },
  });
  if (!p) throw new DomainError("NOT_FOUND", "No such deployment profile.");
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    region: p.region,
    access: {
      mode: accessMode(p),
      roleArn: p.awsRoleArn,
      externalId: p.awsExternalId,
      trustPolicy: p.awsExternalId ? trustPolicy(principalArn, p.awsExternalId) : null,
      /** False: the trust policy names a placeholder account until the server says who Slipway is in AWS. */
      principalConfigured: Boolean(principalArn),
      principalArn: principalArn ?? null,
      cloudFormation: p.awsExternalId ? accessRoleTemplate({ profileName: p.name, externalId: p.awsExternalId, principalArn }) : null,
      accessKeyId: p.awsAccessKeyId,
      secretKeySet: p.awsSecretKeyCipher !== null,
    },
    parameters: p.parameters.map(parameterView),
    safeguards: p.safeguards.map((s) => ({ id: s.id, policy: s.policy, level: s.level, config: s.config })),
    usedBy: await profileUsage(db, orgId, p.id),
    updatedAt: p.updatedAt,
  };
}
