import type { Db } from "../../db";
import { scrubUrls } from "../git/git-failure";

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
  // The newest build of each app, one indexed lookup per app (no scan of the whole build history).
  const latest = await Promise.all(
    apps.map((a) =>
      db.build.findFirst({
        where: { service: { appId: a.id } },
        orderBy: { createdAt: "desc" },
        select: { status: true, createdAt: true },
      }),
    ),
  );
  return apps.map((a, i) => {
    const last = latest[i];
    return {
      id: a.id,
      slug: a.slug,
      name: a.name,
      repositoryUrl: scrubUrls(a.repository.url),
      pollError: a.repository.pollError,
      services: a.services.map((s) => s.name),
      liveInstances: a._count.instances,
      lastBuild: last ? { status: last.status, createdAt: last.createdAt } : null,
    };
  });
}
