import type { Db } from "../../db";
import type { BuildQueue } from "../../queue";
import { DomainError } from "../errors";
import { recordAudit } from "../audit/record-audit";

/**
 * An admin lets a fork's pull request build run: it is enqueued now and, approved, resolves the
 * stage's secret parameters and gets its cloud access. The approval is per build (a new push to the
 * pull request waits again) and audited.
 */
export async function approveBuild(db: Db, queue: BuildQueue, orgId: string, actorId: string, buildId: string) {
  const build = await db.build.findFirst({ where: { id: buildId, service: { app: { orgId } } }, include: { instance: true } });
  if (!build) throw new DomainError("NOT_FOUND", "No such build.");
  if (!build.fromFork) throw new DomainError("BAD_INPUT", `Build #${build.number} is not from a fork: it needs no approval.`);
  const res = await db.build.updateMany({
    where: { id: buildId, status: "QUEUED", approvedAt: null },
    data: { approvedById: actorId, approvedAt: new Date() },
  });
  if (res.count === 0) throw new DomainError("CONFLICT", `Build #${build.number} is no longer waiting for approval.`);
  await recordAudit(db, {
    orgId,
    actorId,
    action: "build.approve",
    target: `build #${build.number}`,
    after: { stage: build.instance.stage, branch: build.branch, commit: build.commitSha },
  });
  await queue.enqueue(build.id);
  return { id: build.id, number: build.number };
}
