import type { Db } from "../../db";
import { recordAudit } from "../audit/record-audit";
import { newExternalId } from "./cloud-access";
import { GUIDE_STAGES, proposeStageProfiles } from "./propose-stage-profiles";

/**
 * The guide's three profiles in one click: profile-dev, profile-staging and profile-prod, each with
 * its `env` parameter. Stages that already have a matching profile keep it; nothing is duplicated.
 */
export async function createGuideProfiles(db: Db, orgId: string, actorId: string, region = "us-east-1") {
  const before = await proposeStageProfiles(db, orgId);
  await db.$transaction(async (tx) => {
    for (const stage of GUIDE_STAGES) {
      if (before.mapping[stage]) continue;
      const name = `profile-${stage}`;
      if (await tx.deploymentProfile.findFirst({ where: { orgId, name } })) continue;
      const p = await tx.deploymentProfile.create({
        data: { orgId, name, region, description: `The ${stage} environment`, awsExternalId: newExternalId() },
      });
      await tx.parameter.create({
        data: {
          orgId,
          scope: "PROFILE",
          profileId: p.id,
          key: "env",
          value: stage,
          description: "The environment this profile deploys to",
        },
      });
      await recordAudit(tx, {
        orgId,
        actorId,
        action: "profile.create",
        target: `profile ${name}`,
        after: { name, region, parameters: { env: stage } },
      });
    }
  });
  return proposeStageProfiles(db, orgId);
}
