import type { Db } from "../../db";
import { DomainError } from "../errors";

/**
 * What every member of the org may see of a build, named field by field: no `--param` values
 * (cliParams), no user or worker ids, no uploaded archive path, no log (it streams on its own).
 * A column added to Build stays private until it is added here.
 */
const buildView = {
  id: true,
  number: true,
  kind: true,
  status: true,
  trigger: true,
  branch: true,
  commitSha: true,
  commitMessage: true,
  commitAuthor: true,
  error: true,
  fromFork: true,
  approvedAt: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
  steps: { orderBy: { position: "asc" }, select: { id: true, name: true, status: true, detail: true, startedAt: true, finishedAt: true } },
  service: { select: { name: true, path: true, app: { select: { slug: true, name: true } } } },
  instance: { select: { stage: true, region: true } },
  safeguardChecks: { orderBy: { createdAt: "asc" }, select: { policy: true, level: true, passed: true, message: true } },
} as const;

/** A build with its steps, scoped to the caller's org (another org's build is "not found"). */
export async function getBuild(db: Db, orgId: string, buildId: string) {
  const build = await db.build.findFirst({ where: { id: buildId, service: { app: { orgId } } }, select: buildView });
  if (!build) throw new DomainError("NOT_FOUND", "No such build.");
  return build;
}

/** Throws NOT_FOUND unless the build belongs to the org (for log streams and downloads). */
export async function assertBuildInOrg(db: Db, orgId: string, buildId: string) {
  const n = await db.build.count({ where: { id: buildId, service: { app: { orgId } } } });
  if (n === 0) throw new DomainError("NOT_FOUND", "No such build.");
}
