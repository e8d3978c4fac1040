import type { Role } from "@prisma/client";
import type { Db } from "../../db";
import { DomainError } from "../errors";
import { recordAudit } from "../audit/record-audit";

type Tx = Pick<Db, "membership">;

/** Refuses a change that would leave the org without an admin. */
export async function assertNotLastAdmin(tx: Tx, orgId: string, membership: { role: Role; userId: string }, what: string) {
  if (membership.role !== "ADMIN") return;
  const admins = await tx.membership.count({ where: { orgId, role: "ADMIN" } });
  if (admins <= 1)
    throw new DomainError("CONFLICT", `This is the last admin: ${what} would leave nobody able to manage the organization.`, "role");
}

export async function setMemberRole(db: Db, orgId: string, actorId: string, userId: string, role: Role) {
  // Serializable, so two admins demoting each other at once cannot both succeed.
  return db.$transaction(
    async (tx) => {
      const m = await tx.membership.findFirst({ where: { orgId, userId }, include: { user: true } });
      if (!m) throw new DomainError("NOT_FOUND", "No such member.");
      if (m.role === role) return { userId, role };
      if (role !== "ADMIN") await assertNotLastAdmin(tx, orgId, m, "demoting them");
      await tx.membership.update({ where: { id: m.id }, data: { role } });
      await recordAudit(tx, {
        orgId,
        actorId,
        action: "member.role",
        target: `member ${m.user.email}`,
        before: { role: m.role },
        after: { role },
      });
      return { userId, role };
    },
    { isolationLevel: "Serializable" },
  );
}
