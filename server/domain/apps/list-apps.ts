import type { Db } from "../../db";

export async function listApps(db: Db, orgId: string) {
  const apps = await db.app.findMany({
    where: { orgId },
    orderBy: { name: "asc" },
    include: {
      repository: { select: { url: true, polledAt: true, pollError: true } },
      services: { select: { id: true, name: true } },
      _count: { select: { instances: { where: { removedAt: null, currentDeploymentId: { not: null } } } } },
    },
  });
  const latest = await db.build.findMany({
    where: { service: { app: { orgId } } },
    orderBy: { createdAt: "desc" },
    distinct: ["serviceId"],
    select: { serviceId: true, status: true, createdAt: true, service: { select: { appId: true } } },
  });
  return apps.map((a) => {
    const builds = latest.filter((b) => b.service.appId === a.id);
    const last = builds.sort((x, y) => +y.createdAt - +x.createdAt)[0];
    return {
      id: a.id,
      slug: a.slug,
      name: a.name,
      repositoryUrl: a.repository.url,
      pollError: a.repository.pollError,
      services: a.services.map((s) => s.name),
      liveInstances: a._count.instances,
      lastBuild: last ? { status: last.status, createdAt: last.createdAt } : null,
    };
  });
}
