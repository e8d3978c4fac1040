import type { Db } from "../../db";
import { linkState } from "./account-links";

/** Invitations nobody has accepted yet: pending ones, and expired ones (to re-invite); never their tokens. */
export async function listInvites(db: Db, orgId: string, now = new Date()) {
  const rows = await db.accountLink.findMany({
    where: { orgId, kind: "INVITE", usedAt: null, revokedAt: null },
    orderBy: { createdAt: "desc" },
    take: 200,
  });
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    role: r.role!,
    createdAt: r.createdAt,
    expiresAt: r.expiresAt,
    state: linkState(r, now) as "pending" | "expired",
  }));
}
