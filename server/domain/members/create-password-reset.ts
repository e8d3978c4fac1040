import type { Db } from "../../db";
import { DomainError } from "../errors";
import { recordAudit } from "../audit/record-audit";
import { linkUrl, newLinkToken, RESET_TTL_MS } from "./account-links";

/**
 * A one-time link (24 hours) with which a member sets a new password; the admin never learns it. Their
 * current password keeps working until the link is used; an older unused reset link stops working.
 */
export async function createPasswordReset(db: Db, orgId: string, actorId: string, baseUrl: string, userId: string, now = new Date()) {
  const { token, tokenHash } = newLinkToken();
  return db.$transaction(async (tx) => {
    const m = await tx.membership.findFirst({ where: { orgId, userId }, include: { user: true } });
    if (!m) throw new DomainError("NOT_FOUND", "No such member.");
    await tx.accountLink.updateMany({
      where: { orgId, kind: "PASSWORD_RESET", userId, usedAt: null, revokedAt: null },
      data: { revokedAt: now },
    });
    const expiresAt = new Date(now.getTime() + RESET_TTL_MS);
    await tx.accountLink.create({
      data: { orgId, kind: "PASSWORD_RESET", email: m.user.email, userId, tokenHash, createdById: actorId, expiresAt },
    });
    await recordAudit(tx, {
      orgId,
      actorId,
      action: "member.password.reset-link",
      target: `member ${m.user.email}`,
      after: { expiresAt: expiresAt.toISOString() },
    });
    return { email: m.user.email, expiresAt, url: linkUrl(baseUrl, "PASSWORD_RESET", token) };
  });
}
