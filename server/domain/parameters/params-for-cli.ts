import type { Role } from "@prisma/client";
import type { Db } from "../../db";
import { recordAudit } from "../audit/record-audit";
import { can } from "../auth/permissions";
import { DomainError } from "../errors";
import type { Cipher } from "../secrets/cipher";
import { validateStageName } from "../stages/stage-name";
import { paramsForStage } from "./params-for-stage";

/**
 * A stage's parameters for `slipway print`. Secret values go only to roles that may deploy
 * ("parameters.reveal"): whoever can deploy code to a stage can read its secrets from a handler
 * anyway, so hiding them from those roles would protect nothing; for others nothing secret is even
 * decrypted — each secret row, at every level, reads as a placeholder. Every reveal is audited.
 */
export async function paramsForCli(
  db: Db,
  cipher: Cipher,
  member: { orgId: string; userId: string; role: Role },
  appSlug: string,
  stage: string,
) {
  const stageError = validateStageName(stage);
  if (stageError) throw new DomainError("BAD_INPUT", `Stage "${stage.slice(0, 60)}": ${stageError}`, "stage");
  const app = await db.app.findUnique({ where: { orgId_slug: { orgId: member.orgId, slug: appSlug } }, select: { id: true, slug: true } });
  if (!app) throw new DomainError("NOT_FOUND", `No app "${appSlug}" in this organization.`);
  const reveal = can(member.role, "parameters.reveal");
  const params = await paramsForStage(db, cipher, app.id, stage, { decrypt: reveal });
  if (reveal && params.secrets.length) {
    await recordAudit(db, {
      orgId: member.orgId,
      actorId: member.userId,
      action: "parameters.reveal",
      target: `${app.slug}@${stage}`,
      after: { via: "api" },
    });
  }
  return {
    app: app.slug,
    stage,
    profile: params.profile?.name ?? null,
    region: params.profile?.region ?? null,
    secretsIncluded: reveal,
    service: params.service,
    stageLevel: params.stage,
    parameters: params.all.map((p) => ({ key: p.key, secret: p.secret, source: p.source, value: p.value })),
  };
}
