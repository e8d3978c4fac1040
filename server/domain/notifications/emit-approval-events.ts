import type { Redis } from "ioredis";
import { emitEvent } from "./emit-event";
import type { EventSink } from "./events";

/**
 * `approval.needed` for builds that wait for an approval (a protected stage, a fork's pull
 * request). Such builds are never enqueued, so the worker looks for them on a timer; a Redis
 * marker per build makes each one announced once across workers.
 */
export async function emitApprovalEvents(sink: EventSink, redis: Redis, prefix: string, dashboardUrl: string): Promise<number> {
  const waiting = await sink.db.build.findMany({
    where: { status: "QUEUED", needsApproval: true, approvedAt: null, createdAt: { gt: new Date(Date.now() - 24 * 3_600_000) } },
    include: { service: true, instance: true },
    orderBy: { createdAt: "asc" },
    take: 100,
  });
  let announced = 0;
  for (const build of waiting) {
    if ((await redis.set(`${prefix}:approval-announced:${build.id}`, "1", "EX", 7 * 86_400, "NX")) !== "OK") continue;
    announced++;
    await emitEvent(sink, {
      appId: build.service.appId,
      type: "approval.needed",
      stage: build.instance.stage,
      service: build.service.name,
      buildId: build.id,
      payload: {
        summary: `Build #${build.number} of ${build.service.name} to ${build.instance.stage} waits for an approval${build.fromFork ? " (a fork's pull request)" : ""}`,
        url: `${dashboardUrl.replace(/\/+$/, "")}/builds/${build.id}`,
        approval: { fromFork: build.fromFork, branch: build.branch, commit: build.commitSha },
      },
    });
  }
  return announced;
}
