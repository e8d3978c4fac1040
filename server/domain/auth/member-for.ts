import type { Role } from "@prisma/client";
import type { Db } from "../../db";
import { DomainError } from "../errors";
import { can, type Action } from "./permissions";

/**
 * The member a signed-in user acts as, allowed `action` by the permission table, or FORBIDDEN:
 * their first membership. The one rule of tRPC's `orgProcedure` and of plain session routes.
 */
export async function memberFor(db: Db, userId: string, action: Action): Promise<{ userId: string; orgId: string; role: Role }> {
  const membership = await db.membership.findFirst({ where: { userId }, orderBy: { createdAt: "asc" } });
  if (!membership) throw new DomainError("FORBIDDEN", "You are not a member of any organization.");
  if (!can(membership.role, action)) throw new DomainError("FORBIDDEN", `Your role cannot do this (${action}).`);
  return { userId: membership.userId, orgId: membership.orgId, role: membership.role };
}
