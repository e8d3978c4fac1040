import type { Db } from "../../db";
import { DomainError } from "../errors";
import { recordAudit } from "../audit/record-audit";

/**
 * Cancels a queued or running build. The status change is the signal: the worker's heartbeat sees
 * that its build is no longer RUNNING and kills the step's whole process tree. The running step is
 * marked cancelled at once, so the page stops showing it as running before the worker notices, and
 * the build says who cancelled it.
 */
export async function cancelBuild(db: Db, orgId: string, actorId: string, buildId: string) {
  const build = await db.build.findFirst({ where: { id: buildId, service: { app: { orgId } } } });
  if (!build) throw new DomainError("NOT_FOUND", "No such build.");
  const actor = await db.user.findUnique({ where: { id: actorId }, select: { name: true, email: true } });
  const now = new Date();
  const res = await db.build.updateMany({
    where: { id: buildId, status: { in: ["QUEUED", "RUNNING"] } },
    data: { status: "CANCELED", finishedAt: now, error: `Cancelled by ${actor?.name || actor?.email || "a member"}.` },
  });
  if (res.count === 0) throw new DomainError("CONFLICT", `Build #${build.number} has already finished.`);
  await db.buildStep.updateMany({ where: { buildId, status: "RUNNING" }, data: { status: "CANCELED", finishedAt: now } });
  await db.buildStep.updateMany({ where: { buildId, status: "PENDING" }, data: { status: "SKIPPED" } });
  await recordAudit(db, { orgId, actorId, action: "build.cancel", target: `build #${build.number}` });
}
