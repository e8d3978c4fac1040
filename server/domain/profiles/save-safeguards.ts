import type { Prisma } from "@prisma/client";
import type { Db } from "../../db";
import { DomainError } from "../errors";
import { recordAudit } from "../audit/record-audit";
import { parseSafeguards, type SafeguardInput } from "../safeguards/policies";

/** Replaces a profile's safeguards with a validated list (all or nothing). */
export async function saveSafeguards(db: Db, orgId: string, actorId: string, profileId: string, list: SafeguardInput[]) {
  const safeguards = parseSafeguards(list);
  return db.$transaction(async (tx) => {
    const p = await tx.deploymentProfile.findFirst({
      where: { id: profileId, orgId },
      include: { safeguards: { orderBy: { createdAt: "asc" } } },
    });
    if (!p) throw new DomainError("NOT_FOUND", "No such deployment profile.");
    await tx.safeguard.deleteMany({ where: { profileId } });
    for (const s of safeguards) {
      await tx.safeguard.create({ data: { profileId, policy: s.policy, level: s.level, config: s.config as Prisma.InputJsonValue } });
    }
    await recordAudit(tx, {
      orgId,
      actorId,
      action: "profile.safeguards",
      target: `profile ${p.name}`,
      before: p.safeguards.map((s) => ({ policy: s.policy, level: s.level, config: s.config })),
      after: safeguards,
    });
    return { count: safeguards.length };
  });
}
