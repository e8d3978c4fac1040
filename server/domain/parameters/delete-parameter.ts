import type { Db } from "../../db";
import { DomainError } from "../errors";
import { recordAudit } from "../audit/record-audit";

export async function deleteParameter(db: Db, orgId: string, actorId: string, id: string) {
  return db.$transaction(async (tx) => {
    const p = await tx.parameter.findFirst({
      where: { id, orgId },
      include: { profile: { select: { name: true } }, app: { select: { slug: true } } },
    });
    if (!p) throw new DomainError("NOT_FOUND", "No such parameter.");
    await tx.parameter.delete({ where: { id } });
    const owner = p.profile ? `profile ${p.profile.name}` : `app ${p.app?.slug}${p.stage ? ` stage ${p.stage}` : ""}`;
    await recordAudit(tx, {
      orgId,
      actorId,
      action: "parameter.delete",
      target: `${owner} parameter ${p.key}`,
      before: { key: p.key, secret: p.secret, value: p.secret ? "[redacted]" : p.value, description: p.description },
    });
    return { id };
  });
}
