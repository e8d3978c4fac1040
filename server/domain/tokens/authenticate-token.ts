import type { Role } from "@prisma/client";
import type { Db } from "../../db";
import { hashToken, looksLikeToken } from "./api-token";

export interface TokenMember {
  userId: string;
  orgId: string;
  orgSlug: string;
  role: Role;
  tokenId: string;
}

/**
 * The member a bearer token acts as. The role is read from the membership on every call, so a
 * demotion or removal applies at once; a revoked token, or one whose user left the org, is refused.
 */
export type TokenCheck = { ok: true; member: TokenMember } | { ok: false; reason: string };

export async function authenticateToken(db: Db, token: string | null): Promise<TokenCheck> {
  if (!token || !looksLikeToken(token)) return { ok: false, reason: "Send a Slipway token: Authorization: Bearer slw_…" };
  const row = await db.apiToken.findUnique({ where: { tokenHash: hashToken(token) }, include: { org: { select: { slug: true } } } });
  if (!row || row.revokedAt) return { ok: false, reason: "This token is unknown or revoked." };
  const membership = await db.membership.findUnique({ where: { orgId_userId: { orgId: row.orgId, userId: row.userId } } });
  if (!membership) return { ok: false, reason: "This token's user is no longer a member of its organization." };
  // At most one write a minute per token: lastUsedAt is for the list, not an audit trail.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  }
  return { ok: true, member: { userId: row.userId, orgId: row.orgId, orgSlug: row.org.slug, role: membership.role, tokenId: row.id } };
}
