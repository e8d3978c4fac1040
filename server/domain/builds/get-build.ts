import type { Db } from "../../db";
import { DomainError } from "../errors";

/** A build with its steps, scoped to the caller's org (another org's build is "not found"). */
export async function getBuild(db: Db, orgId: string, buildId: string) {
  const build = await db.build.findFirst({
    where: { id: buildId, service: { app: { orgId } } },
    include: {
      steps: { orderBy: { position: "asc" } },
      service: { select: { name: true, path: true, app: { select: { slug: true, name: true } } } },
      instance: { select: { stage: true, region: true } },
      safeguardChecks: { orderBy: { createdAt: "asc" }, select: { policy: true, level: true, passed: true, message: true } },
    },
  });
  if (!build) throw new DomainError("NOT_FOUND", "No such build.");
  const { log: _log, ...rest } = build;
  return rest;
}

/** Throws NOT_FOUND unless the build belongs to the org (for log streams and downloads). */
export async function assertBuildInOrg(db: Db, orgId: string, buildId: string) {
  const n = await db.build.count({ where: { id: buildId, service: { app: { orgId } } } });
  if (n === 0) throw new DomainError("NOT_FOUND", "No such build.");
}
