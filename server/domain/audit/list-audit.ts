import type { Prisma } from "@prisma/client";
import type { Db } from "../../db";

export interface AuditFilter {
  action?: string;
  actorId?: string;
  from?: Date;
  to?: Date;
  /** The id of the last event of the previous page. */
  cursor?: string;
  limit?: number;
}

/** The org's audit log, newest first, filtered by action (or action prefix like "profile."), actor and date. */
export async function listAudit(db: Db, orgId: string, f: AuditFilter) {
  const take = Math.min(f.limit ?? 50, 200);
  const where: Prisma.AuditEventWhereInput = {
    orgId,
    ...(f.action ? (f.action.endsWith(".") ? { action: { startsWith: f.action } } : { action: f.action }) : {}),
    ...(f.actorId ? { actorId: f.actorId } : {}),
    ...(f.from || f.to ? { createdAt: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lte: f.to } : {}) } } : {}),
  };
  const [rows, actions, actors] = await Promise.all([
    db.auditEvent.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: take + 1,
      ...(f.cursor ? { cursor: { id: f.cursor }, skip: 1 } : {}),
      include: { actor: { select: { id: true, name: true, email: true } } },
    }),
    db.auditEvent.findMany({ where: { orgId }, distinct: ["action"], select: { action: true }, orderBy: { action: "asc" } }),
    db.auditEvent.findMany({
      where: { orgId, actorId: { not: null } },
      distinct: ["actorId"],
      select: { actor: { select: { id: true, name: true, email: true } } },
    }),
  ]);
  return {
    events: rows.slice(0, take).map((e) => ({
      id: e.id,
      action: e.action,
      target: e.target,
      before: e.before,
      after: e.after,
      createdAt: e.createdAt,
      actor: e.actor,
    })),
    nextCursor: rows.length > take ? rows[take - 1].id : null,
    actions: actions.map((a) => a.action),
    actors: actors.flatMap((a) => (a.actor ? [a.actor] : [])),
  };
}
