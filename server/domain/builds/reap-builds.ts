import type { Db } from "../../db";
import type { BuildQueue } from "../../queue";

/**
 * A worker that died leaves its builds RUNNING with a heartbeat that stops moving: fail them with
 * the reason, so nothing stays "running" and the instance is free for the next build.
 */
export async function failStalledBuilds(db: Db, staleMs: number, now = new Date()): Promise<string[]> {
  const stale = await db.build.findMany({
    where: { status: "RUNNING", heartbeatAt: { lt: new Date(now.getTime() - staleMs) } },
    select: { id: true },
  });
  const ids: string[] = [];
  for (const { id } of stale) {
    // One transaction: nobody sees a failed build whose steps still read running.
    const failed = await db.$transaction(async (tx) => {
      const res = await tx.build.updateMany({
        where: { id, status: "RUNNING", heartbeatAt: { lt: new Date(now.getTime() - staleMs) } },
        data: {
          status: "FAILED",
          finishedAt: now,
          error: "The worker running this build stopped responding; nothing further was deployed.",
        },
      });
      if (res.count === 1)
        await tx.buildStep.updateMany({
          where: { buildId: id, status: { in: ["RUNNING", "PENDING"] } },
          data: { status: "SKIPPED", finishedAt: now },
        });
      return res.count === 1;
    });
    if (failed) ids.push(id);
  }
  return ids;
}

/** Builds the database says are queued but Redis may have forgotten (restart, flush): enqueue again. */
export async function requeueForgottenBuilds(db: Db, queue: BuildQueue, olderThanMs: number, now = new Date()) {
  const queued = await db.build.findMany({
    // Builds waiting for an approval or held by a freeze until later have no job on purpose.
    // holdUntil is nullable: `NOT: { holdUntil: { gt: now } }` is SQL `NOT (holdUntil > now)`,
    // which is NULL (not true) for a build that was never held, so say "not held" explicitly.
    where: {
      status: "QUEUED",
      createdAt: { lt: new Date(now.getTime() - olderThanMs) },
      NOT: { needsApproval: true, approvedAt: null },
      AND: [
        { OR: [{ holdUntil: null }, { holdUntil: { lte: now } }] },
        // A push held because its instance is pinned waits for a person, not for a time.
        { OR: [{ holdReason: null }, { holdReason: { not: "pinned" } }] },
      ],
    },
    select: { id: true },
    orderBy: { number: "asc" },
    take: 500,
  });
  // A delayed enqueue gets a fresh job id, so it is not swallowed by an old job with the build's id.
  for (const { id } of queued) await queue.enqueue(id, { delayMs: 1 });
  return queued.length;
}
