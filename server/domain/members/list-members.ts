import type { Db } from "../../db";

export async function listMembers(db: Db, orgId: string) {
  const rows = await db.membership.findMany({ where: { orgId }, include: { user: true }, orderBy: { createdAt: "asc" } });
  return rows.map((m) => ({ userId: m.userId, email: m.user.email, name: m.user.name, role: m.role, since: m.createdAt }));
}
