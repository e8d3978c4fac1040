import type { Db } from "../../db";
import { DomainError } from "../errors";
import { recordAudit } from "../audit/record-audit";

/** Revokes an invitation that was not accepted yet: its link stops working at once. */
export async function revokeInvite(db: Db, orgId: string, actorId: string, id: string, now = new Date()) {
  return db.$transaction(async (tx) => {
    const link = await tx.accountLink.findFirst({ where: { id, orgId, kind: "INVITE" } });
    if (!link) throw new DomainError("NOT_FOUND", "No such invitation.");
    if (link.usedAt) throw new DomainError("CONFLICT", `${link.email} already accepted this invitation; remove the member instead.`);
    if (!link.revokedAt) await tx.accountLink.update({ where: { id }, data: { revokedAt: now } });
    await recordAudit(tx, {
      orgId,
      actorId,
      action: "member.invite.revoke",
      target: `invite ${link.email}`,
      before: { email: link.email, role: link.role },
    });
    return { id };
  });
}
