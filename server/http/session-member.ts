import { currentUserId } from "../auth/current-user";
import type { Db } from "../db";
import type { Action } from "../domain/auth/permissions";
import { memberFor } from "../domain/auth/member-for";
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
  return memberFor(db, userId, action);
}
