import type { Db } from "../../db";
import type { BuildQueue } from "../../queue";
import { DomainError } from "../errors";
import { recordAudit } from "../audit/record-audit";
import { freezeNow, stageProtection } from "../protection/stage-protection";

/**
 * An admin lets one build through a deploy freeze, with a reason (audited). A build the freeze
 * holds is released now; one the freeze failed (the stage's freeze mode is "fail") is queued again,
 * unless a newer build of the stage came after it.
 */
export async function overrideFreeze(db: Db, queue: BuildQueue, orgId: string, actorId: string, buildId: string, reason: string) {
  const why = reason.trim();
  if (why.length < 3) throw new DomainError("BAD_INPUT", "Say why this build may deploy during the freeze.", "reason");
  const build = await db.build.findFirst({ where: { id: buildId, service: { app: { orgId } } }, include: { instance: true } });
  if (!build) throw new DomainError("NOT_FOUND", "No such build.");
  const freeze = freezeNow(await stageProtection(db, build.instance.appId, build.instance.stage));
  const heldOrFailed = build.holdReason === "freeze" && (build.status === "QUEUED" || build.status === "FAILED");
  if (!heldOrFailed && !(build.status === "QUEUED" && freeze))
    throw new DomainError("CONFLICT", `Build #${build.number} is not held by a deploy freeze.`);
  if (build.status === "FAILED") {
    const newer = await db.build.count({ where: { instanceId: build.instanceId, number: { gt: build.number } } });
    if (newer > 0) throw new DomainError("CONFLICT", `A newer build of stage ${build.instance.stage} exists; override that one instead.`);
  }
  const res = await db.build.updateMany({
    where: { id: buildId, status: build.status },
    data: {
      status: "QUEUED",
      freezeOverrideById: actorId,
      freezeOverrideAt: new Date(),
      freezeOverrideReason: why.slice(0, 500),
      holdReason: null,
      holdUntil: null,
      ...(build.status === "FAILED" && { error: null, finishedAt: null }),
    },
  });
  if (res.count === 0) throw new DomainError("CONFLICT", `Build #${build.number} changed meanwhile; reload and try again.`);
  if (build.status === "FAILED")
    await db.buildStep.updateMany({ where: { buildId }, data: { status: "PENDING", startedAt: null, finishedAt: null, detail: null } });
  await recordAudit(db, {
    orgId,
    actorId,
    action: "build.override-freeze",
    target: `build #${build.number}`,
    after: { stage: build.instance.stage, commit: build.commitSha, reason: why, freeze: freeze?.message ?? null },
  });
  if (!build.needsApproval || build.approvedAt) await queue.enqueue(build.id, { delayMs: 1 });
  return { id: build.id, number: build.number };
}
