import type { Db } from "../../db";
import { DomainError } from "../errors";
import { recordAudit } from "../audit/record-audit";
import { hashPassword } from "../auth/verify-login";
import { parseName, parsePassword } from "./account-input";
import { claimLink, findLiveLink } from "./account-links";

/** The invited person sets their name and password: the account and its membership (with the invite's role) exist from now on. */
export async function acceptInvite(db: Db, input: { token: unknown; name: unknown; password: unknown }, now = new Date()) {
  await findLiveLink(db, input.token, "INVITE", now);
  const name = parseName(input.name);
  const passwordHash = await hashPassword(parsePassword(input.password));
  return db.$transaction(async (tx) => {
    const link = await findLiveLink(tx, input.token, "INVITE", now);
    await claimLink(tx, link.id, now);
    if (await tx.user.findUnique({ where: { email: link.email } })) throw new DomainError("CONFLICT", `${link.email} already has a Slipway account: sign in instead.`);
    const user = await tx.user.create({ data: { email: link.email, name, passwordHash, memberships: { create: { orgId: link.orgId, role: link.role! } } } });
    await recordAudit(tx, { orgId: link.orgId, actorId: user.id, action: "member.join", target: `member ${link.email}`, after: { email: link.email, name, role: link.role } });
    return { email: link.email };
  });
}
