import type { BuildStatus } from "@prisma/client";
import type { Db } from "../../db";
import { DomainError } from "../errors";
import { deploymentLink } from "../deployments/instance-link";

/** An app's page: its services, every live stage of every service with its link, and recent builds. */
export async function getApp(db: Db, orgId: string, slug: string, runtimeBase: string) {
  const app = await db.app.findFirst({
    where: { orgId, slug },
    include: {
      org: true,
      repository: true,
      defaultProfile: { select: { id: true, name: true } },
      stageMappings: { include: { profile: { select: { id: true, name: true } } }, orderBy: { stage: "asc" } },
      services: { orderBy: { name: "asc" } },
      instances: {
        where: { removedAt: null },
        orderBy: [{ stage: "asc" }],
        include: {
          service: { select: { name: true } },
          currentDeployment: { include: { build: { select: { id: true, number: true, commitMessage: true, commitAuthor: true, branch: true } } } },
        },
      },
    },
  });
  if (!app) throw new DomainError("NOT_FOUND", `No app "${slug}" in this organization.`);
  const lastBuilds = await lastBuildPerInstance(db, app.instances.map((i) => i.id));
  const builds = await db.build.findMany({
    where: { service: { appId: app.id } },
    orderBy: { createdAt: "desc" },
    take: 25,
    include: { service: { select: { name: true } }, instance: { select: { stage: true } } },
  });
  return {
    id: app.id,
    slug: app.slug,
    name: app.name,
    repository: { url: app.repository.url, polledAt: app.repository.polledAt, pollError: app.repository.pollError, branches: app.repository.refs as Record<string, string> },
    defaultProfile: app.defaultProfile,
    stageMappings: app.stageMappings.map((m) => ({ stage: m.stage, profile: m.profile })),
    services: app.services.map((s) => ({ id: s.id, name: s.name, path: s.path, target: s.target })),
    instances: app.instances.map((i) => ({
      id: i.id,
      stage: i.stage,
      region: i.region,
      branch: i.branch,
      service: i.service.name,
      url: i.currentDeployment
        ? deploymentLink(runtimeBase, { orgSlug: app.org.slug, appSlug: app.slug, stage: i.stage, serviceName: i.service.name }, i.currentDeployment.config)
        : null,
      deployment: i.currentDeployment
        ? {
            id: i.currentDeployment.id,
            commitSha: i.currentDeployment.commitSha,
            createdAt: i.currentDeployment.createdAt,
            commitMessage: i.currentDeployment.build?.commitMessage ?? "",
            commitAuthor: i.currentDeployment.build?.commitAuthor ?? "",
          }
        : null,
      lastBuild: lastBuilds.get(i.id) ?? null,
    })),
    builds: builds.map((b) => ({
      id: b.id,
      number: b.number,
      status: b.status,
      kind: b.kind,
      trigger: b.trigger,
      service: b.service.name,
      stage: b.instance.stage,
      branch: b.branch,
      commitSha: b.commitSha,
      commitMessage: b.commitMessage,
      createdAt: b.createdAt,
      startedAt: b.startedAt,
      finishedAt: b.finishedAt,
    })),
  };
}


/** The newest build of each instance in one query (DISTINCT ON over the (instanceId, createdAt) index). */
async function lastBuildPerInstance(db: Db, instanceIds: string[]) {
  if (instanceIds.length === 0) return new Map<string, LastBuild>();
  const rows = await db.$queryRaw<Array<LastBuild & { instanceId: string }>>`
    SELECT DISTINCT ON ("instanceId") "instanceId", id, number, status::text AS status, "createdAt"
    FROM "Build" WHERE "instanceId" = ANY(${instanceIds}) ORDER BY "instanceId", "createdAt" DESC`;
  return new Map(rows.map(({ instanceId, ...b }) => [instanceId, b]));
}

interface LastBuild {
  id: string;
  number: number;
  status: BuildStatus;
  createdAt: Date;
}
