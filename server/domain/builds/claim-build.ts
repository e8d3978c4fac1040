import type { Db } from "../../db";

export type ClaimResult = "claimed" | "busy" | "gone";

/**
 * Moves a build QUEUED → RUNNING, at most one running build per instance. The advisory lock on
 * the instance makes "nobody else is running here" and "I am running now" one atomic step across
 * any number of workers.
 */
export async function claimBuild(db: Db, buildId: string, workerId: string): Promise<ClaimResult> {
  return db.$transaction(async (tx) => {
    const build = await tx.build.findUnique({ where: { id: buildId }, select: { status: true, instanceId: true, number: true, fromFork: true, approvedAt: true } });
    if (!build || build.status !== "QUEUED") return "gone";
    // A fork's build runs only once an admin approved it (its job is enqueued again then).
    if (build.fromFork && !build.approvedAt) return "gone";
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
      data: { status: "RUNNING", startedAt: now, heartbeatAt: now, workerId, attempts: { increment: 1 } },
    });
    return updated.count === 1 ? "claimed" : "gone";
  });
}
