import bcrypt from "bcryptjs";
import type { Db } from "../../db";
import { DomainError } from "../errors";
import { recordAudit } from "../audit/record-audit";
import { hashPassword } from "../auth/verify-login";
import { parsePassword } from "./account-input";

/**
 * Anyone changes their own password, proving they know the current one. Their session version goes
 * up, so every session signed in with the old password ends; the caller re-issues its own session.
 */
export async function changePassword(db: Db, orgId: string, userId: string, input: { currentPassword: string; newPassword: string }) {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
  if (!(await bcrypt.compare(input.currentPassword, user.passwordHash)))
    throw new DomainError("BAD_INPUT", "That is not your current password.", "currentPassword");
  const next = parsePassword(input.newPassword, "newPassword");
  if (next === input.currentPassword)
    throw new DomainError("BAD_INPUT", "Choose a password different from the current one.", "newPassword");
  const passwordHash = await hashPassword(next);
  const sessionVersion = await db.$transaction(async (tx) => {
    const updated = await tx.user.update({ where: { id: userId }, data: { passwordHash, sessionVersion: { increment: 1 } } });
    await recordAudit(tx, { orgId, actorId: userId, action: "account.password", target: `member ${user.email}` });
    return updated.sessionVersion;
  });
  return { ok: true as const, sessionVersion };
}
