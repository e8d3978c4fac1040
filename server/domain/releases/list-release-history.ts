import type { Db } from "../../db";
import { DomainError } from "../errors";

/**
 * Who did what and why: each prod and staging instance's deployments (newest first, with the build
 * and who asked for it), the app's promotions and rollbacks with their notes, and the matching
 * audit entries.
 */
export async function listReleaseHistory(db: Db, orgId: string, slug: string) {
  const app = await db.app.findFirst({ where: { orgId, slug }, include: { services: { orderBy: { name: "asc" } } } });
  if (!app) throw new DomainError("NOT_FOUND", `No app "${slug}" in this organization.`);
  const instances = await db.serviceInstance.findMany({
    where: { appId: app.id, stage: { in: ["staging", "prod"] } },
    include: {
      service: { select: { name: true } },
      deployments: { orderBy: { createdAt: "desc" }, take: 20, include: { build: true } },
    },
    orderBy: [{ stage: "asc" }],
  });
  const releases = await db.release.findMany({ where: { appId: app.id }, orderBy: { createdAt: "desc" }, take: 50 });
  const userIds = [
    ...new Set(
      [...releases.map((r) => r.actorId), ...instances.flatMap((i) => i.deployments.map((d) => d.build?.requestedById))].filter(
        (x): x is string => Boolean(x),
      ),
    ),
  ];
  const users = new Map(
    (await db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]),
  );
  const audit = await db.auditEvent.findMany({
    where: { orgId, action: { startsWith: "release." }, target: { startsWith: `${app.slug}` } },
    orderBy: { createdAt: "desc" },
    take: 50,
    include: { actor: { select: { name: true } } },
  });
  const services = new Map(app.services.map((s) => [s.id, s.name]));
  return {
    instances: instances.map((i) => ({
      id: i.id,
      stage: i.stage,
      service: i.service.name,
      serviceId: i.serviceId,
      currentDeploymentId: i.currentDeploymentId,
      pinnedDeploymentId: i.pinnedDeploymentId,
      deployments: i.deployments.map((d) => ({
        id: d.id,
        commitSha: d.commitSha,
        createdAt: d.createdAt,
        current: d.id === i.currentDeploymentId,
        build: d.build && {
          id: d.build.id,
          number: d.build.number,
          status: d.build.status,
          trigger: d.build.trigger,
          message: d.build.commitMessage,
          author: d.build.commitAuthor,
          requestedBy: d.build.requestedById ? (users.get(d.build.requestedById) ?? null) : null,
        },
      })),
    })),
    releases: releases.map((r) => ({
      id: r.id,
      kind: r.kind,
      status: r.status,
      service: r.serviceId ? (services.get(r.serviceId) ?? null) : null,
      actor: r.actorId ? (users.get(r.actorId) ?? null) : null,
      note: r.note,
      fromSha: r.fromSha,
      toSha: r.toSha,
      fastForward: r.fastForward,
      switchMs: r.switchMs,
      error: r.error,
      createdAt: r.createdAt,
      buildIds: r.buildIds,
    })),
    audit: audit.map((a) => ({
      id: a.id,
      action: a.action,
      target: a.target,
      actor: a.actor?.name ?? null,
      after: a.after,
      createdAt: a.createdAt,
    })),
  };
}
