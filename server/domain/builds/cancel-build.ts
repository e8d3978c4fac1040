import type { Db } from "../../db";
import { DomainError } from "../errors";
import { recordAudit } from "../audit/record-audit";

/**
 * Cancels a queued or running build. The status change is the signal: the worker's heartbeat sees
 * that its build is no longer RUNNING and kills the step's whole process tree.
 */
export async function cancelBuild(db: Db, orgId: string, actorId: string, buildId: string) {
  const build = await db.build.findFirst({ where: { id: buildId, service: { app: { orgId } } } });
  if (!build) throw new DomainError("NOT_FOUND", "No such build.");
  const res = await db.build.updateMany({
    where: { id: buildId, status: { in: ["QUEUED", "RUNNING"] } },
    data: { status: "CANCELED", finishedAt: new Date(), error: "Cancelled by a user." },
  });
  if (res.count === 0) throw new DomainError("CONFLICT", `Build #${build.number} has already finished.`);
  await db.buildStep.updateMany({ where: { buildId, status: "PENDING" }, data: { status: "SKIPPED" } });
  await recordAudit(db, { orgId, actorId, action: "build.cancel", target: `build #${build.number}` });
}
