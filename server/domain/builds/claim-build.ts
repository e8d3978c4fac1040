import type { Db } from "../../db";
import { freezeNow, stageProtection } from "../protection/stage-protection";

/** `held`: a deploy freeze holds the build until `until` (the worker re-checks then). */
export type ClaimResult = "claimed" | "busy" | "gone" | { held: Date; message: string };

/**
 * Moves a build QUEUED → RUNNING, at most one running build per instance. The advisory lock on
 * the instance makes "nobody else is running here" and "I am running now" one atomic step across
 * any number of workers.
 */
export async function claimBuild(db: Db, buildId: string, workerId: string): Promise<ClaimResult> {
  return db.$transaction(async (tx) => {
    const build = await tx.build.findUnique({
      where: { id: buildId },
      select: {
        status: true,
        instanceId: true,
        number: true,
        kind: true,
        requestedById: true,
        needsApproval: true,
        approvedAt: true,
        freezeOverrideAt: true,
        pinOverrideAt: true,
        instance: { select: { appId: true, stage: true, pinnedDeploymentId: true } },
      },
    });
    if (!build || build.status !== "QUEUED") return "gone";
    // A fork's build, or one for a stage that requires approval, runs only once approved (its job is enqueued again then).
    if (build.needsApproval && !build.approvedAt) return "gone";
    // An instance an instant rollback pinned is not silently replaced by a push: the build waits (no job)
    // until someone undoes the rollback, makes it permanent, or deploys it anyway. Builds a member asked
    // for (promote, revert, deploy branch) are that member's decision and run.
    if (build.instance.pinnedDeploymentId && build.kind === "DEPLOY" && !build.requestedById && !build.pinOverrideAt) {
      await tx.build.update({ where: { id: buildId }, data: { holdReason: "pinned", holdUntil: null } });
      return "gone";
    }
    const freeze = build.freezeOverrideAt ? null : freezeNow(await stageProtection(tx, build.instance.appId, build.instance.stage));
    if (freeze?.mode === "WAIT") {
      await tx.build.update({ where: { id: buildId }, data: { holdReason: "freeze", holdUntil: freeze.endsAt } });
      return { held: freeze.endsAt, message: `${freeze.message} The build waits; an admin can override it.` };
    }
    if (freeze) {
      const now = new Date();
      await tx.build.update({
        where: { id: buildId },
        data: {
          status: "FAILED",
          holdReason: "freeze",
          finishedAt: now,
          error: `${freeze.message} Deploys to this stage fail during a freeze; an admin can override this build.`,
        },
      });
      await tx.buildStep.updateMany({ where: { buildId, status: "PENDING" }, data: { status: "SKIPPED" } });
      return "gone";
    }
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${build.instanceId}))`;
    const running = await tx.build.count({ where: { instanceId: build.instanceId, status: "RUNNING" } });
    if (running > 0) return "busy";
    // An older queued build of this instance goes first, so pushes deploy in order.
    const older = await tx.build.findFirst({
      where: { instanceId: build.instanceId, status: "QUEUED", number: { lt: build.number } },
      select: { id: true },
    });
    if (older) return "busy";
    const now = new Date();
    const updated = await tx.build.updateMany({
      where: { id: buildId, status: "QUEUED" },
      data: {
        status: "RUNNING",
        startedAt: now,
        heartbeatAt: now,
        workerId,
        attempts: { increment: 1 },
        holdReason: null,
        holdUntil: null,
      },
    });
    return updated.count === 1 ? "claimed" : "gone";
  });
}
