import { z } from "zod";
import type { Db } from "../../db";
import { DomainError } from "../errors";
import { recordAudit } from "../audit/record-audit";
import { findApp } from "../apps/find-app";
import { validateStageName } from "../stages/stage-name";
import { freezeWindowSchema, isTimeZone } from "./freeze-windows";

export const protectionInput = z.object({
  requireApproval: z.boolean(),
  approverRoles: z.array(z.enum(["ADMIN", "DEVELOPER", "REVIEWER", "PRODUCT_OWNER"])).max(4),
  approverUserIds: z.array(z.string().min(1).max(64)).max(50),
  allowSelfApproval: z.boolean(),
  timeZone: z.string().min(1).max(64),
  freezes: z.array(freezeWindowSchema).max(50),
  freezeMode: z.enum(["WAIT", "FAIL"]),
});
export type ProtectionInput = z.infer<typeof protectionInput>;

/** An admin sets a stage's protection rules (required approval, deploy freezes); audited before → after. */
export async function saveProtection(db: Db, orgId: string, actorId: string, slug: string, stage: string, input: ProtectionInput) {
  const bad = validateStageName(stage);
  if (bad) throw new DomainError("BAD_INPUT", bad, "stage");
  if (!isTimeZone(input.timeZone))
    throw new DomainError("BAD_INPUT", `"${input.timeZone.slice(0, 64)}" is not a time zone (e.g. Europe/Berlin).`, "timeZone");
  if (input.requireApproval && input.approverRoles.length === 0 && input.approverUserIds.length === 0) {
    throw new DomainError("BAD_INPUT", "Name who may approve: at least one role or member.", "approverRoles");
  }
  const userIds = [...new Set(input.approverUserIds)];
  return db.$transaction(async (tx) => {
    const app = await findApp(tx, orgId, slug);
    const members = await tx.membership.count({ where: { orgId, userId: { in: userIds } } });
    if (members !== userIds.length)
      throw new DomainError("BAD_INPUT", "Every named approver must be a member of this organization.", "approverUserIds");
    const before = await tx.stageProtection.findUnique({ where: { appId_stage: { appId: app.id, stage } } });
    const data = { ...input, approverRoles: [...new Set(input.approverRoles)], approverUserIds: userIds };
    const saved = await tx.stageProtection.upsert({
      where: { appId_stage: { appId: app.id, stage } },
      create: { appId: app.id, stage, ...data },
      update: data,
    });
    const view = (r: typeof before) =>
      r && {
        requireApproval: r.requireApproval,
        approverRoles: r.approverRoles,
        approverUserIds: r.approverUserIds,
        allowSelfApproval: r.allowSelfApproval,
        timeZone: r.timeZone,
        freezes: r.freezes,
        freezeMode: r.freezeMode,
      };
    await recordAudit(tx, {
      orgId,
      actorId,
      action: "stage.protect",
      target: `app ${app.slug} stage ${stage}`,
      before: view(before) ?? undefined,
      after: view(saved)!,
    });
    return { stage, id: saved.id };
  });
}
