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
  // Two queries at once: the app with its small relations, and its instances with what each serves and its newest build.
  const [app, instances] = await Promise.all([
    db.app.findFirst({
      where: { id: found.id },
      include: {
        org: { select: { slug: true } },
        repository: { select: { url: true, polledAt: true, pollError: true, refs: true } },
        defaultProfile: { select: { id: true, name: true } },
        stageMappings: { include: { profile: { select: { id: true, name: true } } }, orderBy: { stage: "asc" } },
        services: { orderBy: { name: "asc" } },
      },
    }),
    instanceRows(db, found.id, page.stages),
  ]);
  if (!app) throw new DomainError("NOT_FOUND", `No app "${slug}" in this organization.`);
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
    instances: instances.map((i) => ({
      id: i.id,
      stage: i.stage,
      region: i.region,
      branch: i.branch,
      service: i.service,
      url: i.deploymentId
        ? deploymentLink(runtimeBase, { orgSlug: app.org.slug, appSlug: app.slug, stage: i.stage, serviceName: i.service }, i.config)
        : null,
      deployment: i.deploymentId
        ? {
            id: i.deploymentId,
            commitSha: i.deployedSha!,
            createdAt: i.deployedAt!,
            commitMessage: i.deployedMessage ?? "",
            commitAuthor: i.deployedAuthor ?? "",
          }
        : null,
      lastBuild: i.lastBuildId
        ? {
            id: i.lastBuildId,
            number: i.lastBuildNumber!,
            status: i.lastBuildStatus!,
            kind: i.lastBuildKind!,
            commitSha: i.lastBuildSha!,
            commitMessage: i.lastBuildMessage!,
            createdAt: i.lastBuildAt!,
          }
        : null,
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

/**
 * The app page's instances — every branch and personal stage, and the preview stages of this page —
 * each with its service, what it serves (only the functions of the deployment's config, which its
 * link needs) and its newest build, in one query (the newest build through the (instanceId, createdAt) index).
 */
async function instanceRows(db: Db, appId: string, previewStages: string[]) {
  return db.$queryRaw<InstanceRow[]>`
    SELECT i.id, i.stage, i.region, i.branch, s.name AS service,
      d.id AS "deploymentId", d."commitSha" AS "deployedSha", d."createdAt" AS "deployedAt",
      jsonb_build_object('functions', d.config->'functions') AS config,
      db."commitMessage" AS "deployedMessage", db."commitAuthor" AS "deployedAuthor",
      lb.id AS "lastBuildId", lb.number AS "lastBuildNumber", lb.status::text AS "lastBuildStatus", lb.kind::text AS "lastBuildKind",
      lb."commitSha" AS "lastBuildSha", lb."commitMessage" AS "lastBuildMessage", lb."createdAt" AS "lastBuildAt"
    FROM "ServiceInstance" i
    JOIN "Service" s ON s.id = i."serviceId"
    LEFT JOIN "Deployment" d ON d.id = i."currentDeploymentId"
    LEFT JOIN "Build" db ON db.id = d."buildId"
    LEFT JOIN LATERAL (
      SELECT id, number, status, kind, "commitSha", "commitMessage", "createdAt" FROM "Build"
      WHERE "instanceId" = i.id ORDER BY "createdAt" DESC LIMIT 1
    ) lb ON true
    WHERE i."appId" = ${appId} AND i."removedAt" IS NULL AND (i.branch IS NULL OR i.stage = ANY(${previewStages}))
    ORDER BY i.stage ASC, s.name ASC`;
}

interface InstanceRow {
  id: string;
  stage: string;
  region: string;
  branch: string | null;
  service: string;
  deploymentId: string | null;
  deployedSha: string | null;
  deployedAt: Date | null;
  config: unknown;
  deployedMessage: string | null;
  deployedAuthor: string | null;
  lastBuildId: string | null;
  lastBuildNumber: number | null;
  lastBuildStatus: BuildStatus | null;
  lastBuildKind: "DEPLOY" | "REMOVE" | null;
  lastBuildSha: string | null;
  lastBuildMessage: string | null;
  lastBuildAt: Date | null;
}
