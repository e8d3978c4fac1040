import type { Db } from "../../db";
import { recordAudit } from "../audit/record-audit";
import { hashPassword } from "../auth/verify-login";
import { parsePassword } from "./account-input";
import { claimLink, findLiveLink } from "./account-links";

/** A member sets a new password through the one-time link an admin made for them. */
export async function resetPassword(db: Db, input: { token: unknown; password: unknown }, now = new Date()) {
  await findLiveLink(db, input.token, "PASSWORD_RESET", now);
  const passwordHash = await hashPassword(parsePassword(input.password));
  return db.$transaction(async (tx) => {
    const link = await findLiveLink(tx, input.token, "PASSWORD_RESET", now);
    await claimLink(tx, link.id, now);
    await tx.user.update({ where: { id: link.userId! }, data: { passwordHash, sessionVersion: { increment: 1 } } });
    await recordAudit(tx, { orgId: link.orgId, actorId: link.userId, action: "member.password.reset", target: `member ${link.email}` });
    return { email: link.email };
  });
}
