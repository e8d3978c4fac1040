import type { ReleaseNotify } from "../notifications/emit-release-event";
import type { Redis } from "ioredis";
import type { Prisma } from "@prisma/client";
import type { Db } from "../../db";
import type { Env } from "../../env";
import type { BuildQueue } from "../../queue";
import type { Cipher } from "../secrets/cipher";
import { DomainError } from "../errors";
import { branchDeploymentSchema } from "../triggers/branch-rules";

/** What promotions and rollbacks need, built by the composition root (tRPC context, tests). */
export interface ReleaseDeps {
  db: Db;
  redis: Redis;
  queue: BuildQueue;
  dataDir: string;
  redisPrefix: string;
  env: Env;
  /** Opens the repository's credentials for the fetch and the push. */
  cipher: Cipher;
  /** Where release events go (notifications); absent = nobody is told. */
  notify?: ReleaseNotify;
}

export const releaseAppInclude = {
  repository: true,
  services: { orderBy: { name: "asc" } },
  instances: {
    where: { removedAt: null },
    include: {
      currentDeployment: { include: { build: true } },
      builds: { orderBy: { createdAt: "desc" }, take: 1 },
    },
  },
} satisfies Prisma.AppInclude;

export type ReleaseApp = Prisma.AppGetPayload<{ include: typeof releaseAppInclude }>;

export async function loadReleaseApp(db: Db, orgId: string, slug: string): Promise<ReleaseApp> {
  const app = await db.app.findFirst({ where: { orgId, slug }, include: releaseAppInclude });
  if (!app) throw new DomainError("NOT_FOUND", `No app "${slug}" in this organization.`);
  return app;
}

/** The app of a queued release, as its job sees it now. */
export async function loadReleaseAppOf(db: Db, release: { orgId: string; appId: string }): Promise<ReleaseApp> {
  const app = await db.app.findFirst({ where: { id: release.appId, orgId: release.orgId }, include: releaseAppInclude });
  if (!app) throw new DomainError("NOT_FOUND", "The app of this release is gone.");
  return app;
}

/** The branches that deploy staging and prod (master and prod unless the services say otherwise). */
export function releaseBranches(app: Pick<ReleaseApp, "services">) {
  const find = (stage: string) => {
    for (const s of app.services) {
      const parsed = branchDeploymentSchema.safeParse(s.branchDeployments);
      const hit = parsed.success ? parsed.data.find((d) => d.stage === stage) : undefined;
      if (hit) return hit.branch;
    }
    return null;
  };
  return { staging: find("staging") ?? "master", prod: find("prod") ?? "prod" };
}

/** Prod builds still queued or running: a promotion or rollback waits for them (not for pushes a pin holds: those wait for a person). */
export async function activeBuilds(db: Db, appId: string, stage: string, serviceId?: string) {
  return db.build.findMany({
    where: {
      status: { in: ["QUEUED", "RUNNING"] },
      instance: { appId, stage, ...(serviceId && { serviceId }) },
      OR: [{ holdReason: null }, { holdReason: { not: "pinned" } }],
    },
    include: { service: { select: { name: true } } },
  });
}

/** Records a branch head Slipway itself pushed, so the watcher does not take it for a new push. */
export async function rememberRef(db: Db, repositoryId: string, branch: string, sha: string) {
  const repo = await db.repository.findUniqueOrThrow({ where: { id: repositoryId } });
  const refs = { ...((repo.refs ?? {}) as Record<string, string>), [branch]: sha };
  await db.repository.update({ where: { id: repositoryId }, data: { refs } });
}

/** The actor's name and email, for the commits Slipway makes on their behalf. */
export async function actorIdentity(db: Db, actorId: string | null) {
  const user = actorId ? await db.user.findUnique({ where: { id: actorId } }) : null;
  return { name: user?.name || "Slipway", email: user?.email || "slipway@localhost" };
}

const SWITCH_KINDS = new Set(["ROLLBACK_INSTANT", "ROLLBACK_UNDO"]);
const LOST_AFTER_MS = 10 * 60_000;

/**
 * A release's status from its builds: running until every build has finished. One whose push is not
 * recorded yet (no builds; a push with nothing to build is marked done when recorded) has nothing to
 * judge by, and an instant rollback or undo is settled by its own switch: neither is settled here,
 * or a settle between "created" and "pushed" would call it done before anything deployed. Either,
 * or a release whose job never started (QUEUED), still so after ten minutes lost its process and failed.
 */
export async function settleRelease(db: Db, releaseId: string) {
  const release = await db.release.findUniqueOrThrow({ where: { id: releaseId } });
  if (release.status !== "RUNNING" && release.status !== "QUEUED") return release;
  if (release.status === "QUEUED" || SWITCH_KINDS.has(release.kind) || release.buildIds.length === 0) {
    if (Date.now() - release.createdAt.getTime() < LOST_AFTER_MS) return release;
    return db.release.update({
      where: { id: releaseId },
      data: {
        status: "FAILED",
        error: "Slipway lost track of this release before it finished; check the prod branch and what prod serves.",
        finishedAt: new Date(),
      },
    });
  }
  const builds = await db.build.findMany({ where: { id: { in: release.buildIds } } });
  if (builds.some((b) => b.status === "QUEUED" || b.status === "RUNNING")) return release;
  const failed = builds.find((b) => b.status === "FAILED" || b.status === "CANCELED");
  return db.release.update({
    where: { id: releaseId },
    data: {
      status: failed ? "FAILED" : "SUCCEEDED",
      error: failed ? `Build #${failed.number} ${failed.status.toLowerCase()}: ${failed.error ?? ""}`.slice(0, 2000) : null,
      finishedAt: new Date(),
    },
  });
}
