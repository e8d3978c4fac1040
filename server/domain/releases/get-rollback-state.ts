import type { Db } from "../../db";
import { findApp } from "../apps/find-app";
import { branchDeploymentSchema } from "../triggers/branch-rules";
import { describePins } from "./pin-state";

const ROLLBACK_KINDS = ["ROLLBACK_INSTANT", "ROLLBACK_UNDO", "ROLLBACK_PERMANENT", "ROLLBACK_REVERT"] as const;

/**
 * What the app page, the stage page and build rows need to tell the same story about rollbacks:
 * which branch feeds each stage, every pinned instance (who, when, from → to, the pushes it holds),
 * a mark per build ("serving", "rolled-back", "held"), and the recent rollbacks as entries.
 */
export async function getRollbackState(db: Db, orgId: string, slug: string) {
  const app = await findApp(db, orgId, slug);
  const services = await db.service.findMany({ where: { appId: app.id }, select: { id: true, name: true, branchDeployments: true } });
  const stageBranches: Record<string, string[]> = {};
  for (const s of services) {
    const parsed = branchDeploymentSchema.safeParse(s.branchDeployments);
    for (const d of parsed.success ? parsed.data : []) {
      const list = (stageBranches[d.stage] ??= []);
      if (!list.includes(d.branch)) list.push(d.branch);
    }
  }
  const pins = await describePins(db, app.id);
  const marks: Record<string, "serving" | "rolled-back" | "held"> = {};
  for (const p of pins) {
    if (p.serving.buildId) marks[p.serving.buildId] = "serving";
    for (const id of p.rolledBackBuildIds) marks[id] = "rolled-back";
    for (const b of p.held) marks[b.id] = "held";
  }
  const releases = await db.release.findMany({
    where: { appId: app.id, kind: { in: [...ROLLBACK_KINDS] } },
    orderBy: { createdAt: "desc" },
    take: 20,
  });
  const users = new Map(
    (
      await db.user.findMany({
        where: { id: { in: releases.map((r) => r.actorId).filter((x): x is string => !!x) } },
        select: { id: true, name: true },
      })
    ).map((u) => [u.id, u.name]),
  );
  const names = new Map(services.map((s) => [s.id, s.name]));
  return {
    stageBranches,
    pins,
    marks,
    rollbacks: releases.map((r) => ({
      id: r.id,
      kind: r.kind,
      status: r.status,
      service: r.serviceId ? (names.get(r.serviceId) ?? null) : null,
      actor: r.actorId ? (users.get(r.actorId) ?? null) : null,
      fromSha: r.fromSha,
      toSha: r.toSha,
      note: r.note,
      error: r.error,
      createdAt: r.createdAt,
    })),
  };
}
