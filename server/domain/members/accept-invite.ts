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
    const existing = await tx.user.findUnique({ where: { email: link.email }, include: { memberships: true } });
    if (existing && existing.memberships.length > 0)
      throw new DomainError("CONFLICT", `${link.email} already has a Slipway account: sign in instead.`);
    const membership = { create: { orgId: link.orgId, role: link.role! } };
    // A removed member invited back keeps their account (and its audit history) with the name and password chosen now.
    const user = existing
      ? await tx.user.update({ where: { id: existing.id }, data: { name, passwordHash, memberships: membership } })
      : await tx.user.create({ data: { email: link.email, name, passwordHash, memberships: membership } });
    await recordAudit(tx, {
      orgId: link.orgId,
      actorId: user.id,
      action: "member.join",
      target: `member ${link.email}`,
      after: { email: link.email, name, role: link.role },
    });
    return { email: link.email };
  });
}
