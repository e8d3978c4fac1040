import { currentUserId } from "../auth/current-user";
import type { Db } from "../db";
import { can, type Action } from "../domain/auth/permissions";
import { DomainError } from "../domain/errors";
import type { Member } from "../trpc/init";

/**
 * The signed-in member of a plain route handler (one that is no tRPC procedure, such as the log's
 * event stream), with the same rule as `orgProcedure`: the first membership, and a role the
 * permission table allows `action`. A revoked session (password changed) has no session here.
 */
export async function sessionMember(db: Db, action: Action): Promise<Member> {
  const userId = await currentUserId();
  if (!userId) throw new DomainError("UNAUTHORIZED", "Sign in first.");
  const membership = await db.membership.findFirst({ where: { userId }, orderBy: { createdAt: "asc" } });
  if (!membership) throw new DomainError("FORBIDDEN", "You are not a member of any organization.");
  if (!can(membership.role, action)) throw new DomainError("FORBIDDEN", `Your role cannot do this (${action}).`);
  return { userId, orgId: membership.orgId, role: membership.role };
}
