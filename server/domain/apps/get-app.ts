import type { BuildStatus } from "@prisma/client";
import type { Db } from "../../db";
import { DomainError } from "../errors";
import { deploymentLink } from "../deployments/instance-link";
import type { RuntimeAddress } from "../deployments/instance-url";
import { scrubUrls } from "../git/git-failure";

export interface PreviewPage {
  /** Part of a preview's branch name. */
  search?: string;
  /** How many preview stages to show, newest first. */
  limit?: number;
}

/**
 * An app's page: its services, every branch and personal stage with its link, the newest preview
 * stages (a page of them, searchable by branch: an app can have hundreds). Builds are `listBuilds`.
 */
export async function getApp(db: Db, orgId: string, slug: string, runtimeBase: RuntimeAddress, previews: PreviewPage = {}) {
  const found = await db.app.findFirst({ where: { orgId, slug }, select: { id: true } });
  if (!found) throw new DomainError("NOT_FOUND", `No app "${slug}" in this organization.`);
  const page = await previewStages(db, found.id, previews);
  const app = await db.app.findFirst({
    where: { id: found.id },
    include: {
      org: true,
      repository: true,
      defaultProfile: { select: { id: true, name: true } },
      stageMappings: { include: { profile: { select: { id: true, name: true } } }, orderBy: { stage: "asc" } },
      services: { orderBy: { name: "asc" } },
      instances: {
        where: { removedAt: null, OR: [{ branch: null }, { stage: { in: page.stages } }] },
        orderBy: [{ stage: "asc" }],
        include: {
          service: { select: { name: true } },
          currentDeployment: {
            include: { build: { select: { id: true, number: true, commitMessage: true, commitAuthor: true, branch: true } } },
          },
        },
      },
    },
  });
  if (!app) throw new DomainError("NOT_FOUND", `No app "${slug}" in this organization.`);
  const lastBuilds = await lastBuildPerInstance(
    db,
    app.instances.map((i) => i.id),
  );
  return {
    id: app.id,
    slug: app.slug,
    name: app.name,
    repository: {
      url: scrubUrls(app.repository.url),
      polledAt: app.repository.polledAt,
      pollError: app.repository.pollError,
      branches: app.repository.refs as Record<string, string>,
    },
    defaultProfile: app.defaultProfile,
    stageMappings: app.stageMappings.map((m) => ({ stage: m.stage, profile: m.profile })),
    previews: { stages: page.stages, shown: page.stages.length, total: page.total, search: previews.search ?? "" },
    services: app.services.map((s) => ({ id: s.id, name: s.name, path: s.path, target: s.target })),
    instances: app.instances.map((i) => ({
      id: i.id,
      stage: i.stage,
      region: i.region,
      branch: i.branch,
      service: i.service.name,
      url: i.currentDeployment
        ? deploymentLink(
            runtimeBase,
            { orgSlug: app.org.slug, appSlug: app.slug, stage: i.stage, serviceName: i.service.name },
            i.currentDeployment.config,
          )
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
  };
}

/** The newest preview stages (by their latest change), and how many match in all. */
async function previewStages(db: Db, appId: string, { search, limit = 24 }: PreviewPage) {
  const pattern = search ? `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : "%";
  const take = Math.min(Math.max(limit, 1), 500);
  const rows = await db.$queryRaw<{ stage: string; total: number }[]>`
    SELECT stage, (count(*) OVER ())::int AS total FROM "ServiceInstance"
    WHERE "appId" = ${appId} AND "removedAt" IS NULL AND branch IS NOT NULL AND branch ILIKE ${pattern}
    GROUP BY stage ORDER BY max("updatedAt") DESC, stage LIMIT ${take}`;
  return { stages: rows.map((r) => r.stage), total: rows[0]?.total ?? 0 };
}

/** The newest build of each instance in one query (DISTINCT ON over the (instanceId, createdAt) index). */
async function lastBuildPerInstance(db: Db, instanceIds: string[]) {
  if (instanceIds.length === 0) return new Map<string, LastBuild>();
  const rows = await db.$queryRaw<Array<LastBuild & { instanceId: string }>>`
    SELECT DISTINCT ON ("instanceId") "instanceId", id, number, status::text AS status, kind::text AS kind, "commitSha", "commitMessage", "createdAt"
    FROM "Build" WHERE "instanceId" = ANY(${instanceIds}) ORDER BY "instanceId", "createdAt" DESC`;
  return new Map(rows.map(({ instanceId, ...b }) => [instanceId, b]));
}

interface LastBuild {
  id: string;
  number: number;
  status: BuildStatus;
  kind: "DEPLOY" | "REMOVE";
  commitSha: string;
  commitMessage: string;
  createdAt: Date;
}
