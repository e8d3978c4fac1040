import type { Db } from "../../db";

/** The caller's own tokens in the org (never their hashes). */
export async function listTokens(db: Db, member: { orgId: string; userId: string }) {
  return db.apiToken.findMany({
    where: { orgId: member.orgId, userId: member.userId },
    orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }],
    select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true },
  });
}
