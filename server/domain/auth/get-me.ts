import type { Db } from "../../db";
import { DomainError } from "../errors";
import { PERMISSIONS, type Action } from "./permissions";

/** The signed-in user, their org and role, and the actions their role allows (to show or hide buttons). */
export async function getMe(db: Db, userId: string) {
  const membership = await db.membership.findFirst({
    where: { userId },
    orderBy: { createdAt: "asc" },
    include: { org: true, user: true },
  });
  if (!membership) throw new DomainError("FORBIDDEN", "You are not a member of any organization.");
  const allowed = (Object.keys(PERMISSIONS) as Action[]).filter((a) => (PERMISSIONS[a] as readonly string[]).includes(membership.role));
  return {
    user: { id: membership.user.id, name: membership.user.name, email: membership.user.email },
    org: { id: membership.org.id, slug: membership.org.slug, name: membership.org.name },
    role: membership.role,
    allowed,
  };
}
