import type { Role } from "@prisma/client";
import type { Db } from "../../db";
import { DomainError } from "../errors";
import { recordAudit } from "../audit/record-audit";
import { hashPassword } from "../auth/verify-login";

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Adds a person to the org with an initial password (hashed with bcrypt) and a role. */
export async function addMember(db: Db, orgId: string, actorId: string, input: { email: string; name: string; password: string; role: Role }) {
  const email = input.email.trim().toLowerCase();
  const name = input.name.trim();
  if (!EMAIL_RE.test(email) || email.length > 254) throw new DomainError("BAD_INPUT", "Enter a valid email address.", "email");
  if (!name || name.length > 100) throw new DomainError("BAD_INPUT", "Enter a name (at most 100 characters).", "name");
  if (input.password.length < 10 || input.password.length > 200) throw new DomainError("BAD_INPUT", "The initial password needs at least 10 characters.", "password");
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    const existing = await tx.user.findUnique({ where: { email }, include: { memberships: true } });
    if (existing) {
      const here = existing.memberships.some((m) => m.orgId === orgId);
      // An account of another org is not taken over from here (its password and memberships are its own).
      throw new DomainError("BAD_INPUT", here ? `${email} is already a member.` : `${email} already has a Slipway account.`, "email");
    }
    const user = await tx.user.create({ data: { email, name, passwordHash, memberships: { create: { orgId, role: input.role } } } });
    await recordAudit(tx, { orgId, actorId, action: "member.add", target: `member ${email}`, after: { email, name, role: input.role } });
    return { userId: user.id };
  });
}
