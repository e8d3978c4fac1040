import type { Db } from "../../db";
import { DomainError } from "../errors";
import { recordAudit } from "../audit/record-audit";
import { assertNotLastAdmin } from "./set-member-role";

/** Removes a person from the org (their account stays, for the audit log's "who"). */
export async function removeMember(db: Db, orgId: string, actorId: string, userId: string) {
  return db.$transaction(
    async (tx) => {
      const m = await tx.membership.findFirst({ where: { orgId, userId }, include: { user: true } });
      if (!m) throw new DomainError("NOT_FOUND", "No such member.");
      await assertNotLastAdmin(tx, orgId, m, "removing them");
      await tx.membership.delete({ where: { id: m.id } });
      await recordAudit(tx, {
        orgId,
        actorId,
        action: "member.remove",
        target: `member ${m.user.email}`,
        before: { email: m.user.email, name: m.user.name, role: m.role },
      });
      return { userId };
    },
    { isolationLevel: "Serializable" },
  );
}
