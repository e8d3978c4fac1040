import type { Db } from "../../db";
import type { BuildQueue } from "../../queue";
import { DomainError } from "../errors";
import { recordAudit } from "../audit/record-audit";
import { approvalRefusal, loadApprover, stageProtection } from "../protection/stage-protection";

/** A build waiting for approval (a fork's pull request, or a protected stage), scoped to the org, with whether `actorId` may decide it. */
async function waitingBuild(db: Db, orgId: string, actorId: string, buildId: string) {
  const build = await db.build.findFirst({ where: { id: buildId, service: { app: { orgId } } }, include: { instance: true } });
  if (!build) throw new DomainError("NOT_FOUND", "No such build.");
  if (!build.needsApproval) throw new DomainError("BAD_INPUT", `Build #${build.number} needs no approval.`);
  if (build.status !== "QUEUED" || build.approvedAt)
    throw new DomainError("CONFLICT", `Build #${build.number} is no longer waiting for approval.`);
  const who = await loadApprover(db, orgId, actorId);
  const protection = await stageProtection(db, build.instance.appId, build.instance.stage);
  const refusal = who ? approvalRefusal(build, protection, who) : "You are not a member of this organization.";
  if (refusal) throw new DomainError("FORBIDDEN", refusal);
  return build;
}

/**
 * Lets a waiting build run: a fork's pull request build then resolves the stage's secret
 * parameters and gets its cloud access; a protected stage's build deploys. The approval is per
 * build (the next push waits again) and audited.
 */
export async function approveBuild(db: Db, queue: BuildQueue, orgId: string, actorId: string, buildId: string) {
  const build = await waitingBuild(db, orgId, actorId, buildId);
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
    after: { stage: build.instance.stage, branch: build.branch, commit: build.commitSha, fromFork: build.fromFork },
  });
  await queue.enqueue(build.id);
  return { id: build.id, number: build.number };
}

/** Ends a waiting build as REJECTED: nothing of it runs or deploys. Audited with the reason. */
export async function rejectBuild(db: Db, orgId: string, actorId: string, buildId: string, reason: string) {
  const build = await waitingBuild(db, orgId, actorId, buildId);
  const who = await db.user.findUniqueOrThrow({ where: { id: actorId }, select: { name: true } });
  const now = new Date();
  const res = await db.build.updateMany({
    where: { id: buildId, status: "QUEUED", approvedAt: null },
    data: {
      status: "REJECTED",
      rejectedById: actorId,
      rejectedAt: now,
      finishedAt: now,
      error: `Rejected by ${who.name}${reason ? `: ${reason}` : "."}`,
    },
  });
  if (res.count === 0) throw new DomainError("CONFLICT", `Build #${build.number} is no longer waiting for approval.`);
  await db.buildStep.updateMany({ where: { buildId, status: "PENDING" }, data: { status: "SKIPPED" } });
  await recordAudit(db, {
    orgId,
    actorId,
    action: "build.reject",
    target: `build #${build.number}`,
    after: { stage: build.instance.stage, commit: build.commitSha, reason },
  });
  return { id: build.id, number: build.number };
}
