import type { Db } from "../../db";
import { recordAudit } from "../audit/record-audit";
import { DomainError } from "../errors";

/** Revokes one of the caller's tokens at once: the next request with it is refused. */
export async function revokeToken(db: Db, member: { orgId: string; userId: string }, tokenId: string) {
  const token = await db.apiToken.findFirst({ where: { id: tokenId, orgId: member.orgId, userId: member.userId } });
  if (!token) throw new DomainError("NOT_FOUND", "No such token.");
  if (token.revokedAt) return { id: token.id, revokedAt: token.revokedAt };
  const row = await db.apiToken.update({ where: { id: token.id }, data: { revokedAt: new Date() } });
  await recordAudit(db, {
    orgId: member.orgId,
    actorId: member.userId,
    action: "token.revoke",
    target: `token ${token.prefix}… (${token.name})`,
  });
  return { id: row.id, revokedAt: row.revokedAt };
}
