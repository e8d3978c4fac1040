import type { Role } from "@prisma/client";
import type { Db } from "../../db";
import { DomainError } from "../errors";
import { recordAudit } from "../audit/record-audit";
import { parseEmail } from "./account-input";
import { INVITE_TTL_MS, linkUrl, newLinkToken } from "./account-links";

/**
 * An invitation link for one email with a role, valid for 7 days, single use. The link (with its token)
 * is returned this once, for the admin to hand over; a newer invite for the same email replaces the older.
 * Someone who already belongs to an organisation cannot be invited (their account is theirs to keep).
 */
export async function inviteMember(
  db: Db,
  orgId: string,
  actorId: string,
  baseUrl: string,
  input: { email: string; role: Role },
  now = new Date(),
) {
  const email = parseEmail(input.email);
  const { token, tokenHash } = newLinkToken();
  return db.$transaction(async (tx) => {
    const existing = await tx.user.findUnique({ where: { email }, include: { memberships: true } });
    // An account left without any organisation (a removed member) may be invited back.
    if (existing && existing.memberships.length > 0) {
      const here = existing.memberships.some((m) => m.orgId === orgId);
      // An account of another org is not taken over from here (its password and memberships are its own).
      throw new DomainError("BAD_INPUT", here ? `${email} is already a member.` : `${email} already has a Slipway account.`, "email");
    }
    await tx.accountLink.updateMany({ where: { orgId, kind: "INVITE", email, usedAt: null, revokedAt: null }, data: { revokedAt: now } });
    const expiresAt = new Date(now.getTime() + INVITE_TTL_MS);
    const link = await tx.accountLink.create({
      data: { orgId, kind: "INVITE", email, role: input.role, tokenHash, createdById: actorId, expiresAt },
    });
    await recordAudit(tx, {
      orgId,
      actorId,
      action: "member.invite",
      target: `invite ${email}`,
      after: { email, role: input.role, expiresAt: expiresAt.toISOString() },
    });
    return { id: link.id, email, role: input.role, expiresAt, url: linkUrl(baseUrl, "INVITE", token) };
  });
}
