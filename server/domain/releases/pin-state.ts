import type { Db } from "../../db";
import type { BuildQueue } from "../../queue";

/**
 * The one fact "this instance is rolled back": ServiceInstance.pinnedDeploymentId (set by the instant
 * rollback's switch) with who pinned it, when, and the deployment it was rolled back from. Every page
 * reads it through `describePins`, so the app page, stage page, release page and build rows agree.
 */
export async function recordPin(opts: {
  db: Db;
  queue: BuildQueue;
  instance: { id: string; pinnedDeploymentId: string | null; pinnedFromDeploymentId: string | null };
  /** What served before this switch. */
  fromDeploymentId: string;
  actorId: string;
  undo?: boolean;
}) {
  const { db, instance } = opts;
  if (opts.undo) {
    await db.serviceInstance.update({
      where: { id: instance.id },
      data: { pinnedDeploymentId: null, rolledBackAt: null, pinnedById: null, pinnedFromDeploymentId: null },
    });
    await releaseHeldBuilds({ db, queue: opts.queue, instanceId: instance.id });
    return;
  }
  // Rolling back further keeps the first "from": that is still what the branch and the newest deployment say.
  const from = instance.pinnedDeploymentId ? (instance.pinnedFromDeploymentId ?? opts.fromDeploymentId) : opts.fromDeploymentId;
  await db.serviceInstance.update({ where: { id: instance.id }, data: { pinnedById: opts.actorId, pinnedFromDeploymentId: from } });
}

/** Pushes the pin held go ahead once it is gone (undo): the newest of them runs, as it would have. */
export async function releaseHeldBuilds(opts: { db: Db; queue: BuildQueue; instanceId: string }) {
  const held = await opts.db.build.findMany({
    where: { instanceId: opts.instanceId, status: "QUEUED", holdReason: "pinned" },
    orderBy: { number: "asc" },
  });
  for (const b of held) {
    await opts.db.build.update({ where: { id: b.id }, data: { holdReason: null } });
    await opts.queue.enqueue(b.id, { delayMs: 1 });
  }
  return held.map((b) => b.id);
}

export interface PinView {
  instanceId: string;
  stage: string;
  service: string;
  serviceId: string;
  at: Date | null;
  by: string | null;
  serving: { deploymentId: string; commitSha: string; message: string; buildId: string | null; buildNumber: number | null };
  from: { deploymentId: string; commitSha: string; message: string; buildId: string | null; buildNumber: number | null } | null;
  /** Builds of deployments after the pinned one: they ran, and no longer serve. */
  rolledBackBuildIds: string[];
  /** Pushes waiting because of the pin. */
  held: { id: string; number: number; commitSha: string; commitMessage: string }[];
}

/** Every pinned instance of an app, described once for every page. */
export async function describePins(db: Db, appId: string): Promise<PinView[]> {
  const instances = await db.serviceInstance.findMany({
    where: { appId, removedAt: null, pinnedDeploymentId: { not: null } },
    include: { service: { select: { name: true } }, currentDeployment: { include: { build: true } } },
    orderBy: [{ stage: "asc" }],
  });
  const pins: PinView[] = [];
  for (const i of instances) {
    const serving = i.currentDeployment;
    if (!serving || serving.id !== i.pinnedDeploymentId) continue;
    const [from, later, held, by] = await Promise.all([
      i.pinnedFromDeploymentId ? db.deployment.findUnique({ where: { id: i.pinnedFromDeploymentId }, include: { build: true } }) : null,
      db.deployment.findMany({
        where: { instanceId: i.id, createdAt: { gt: serving.createdAt }, buildId: { not: null } },
        select: { buildId: true },
      }),
      db.build.findMany({
        where: { instanceId: i.id, status: "QUEUED", holdReason: "pinned" },
        orderBy: { number: "desc" },
        select: { id: true, number: true, commitSha: true, commitMessage: true },
      }),
      i.pinnedById ? db.user.findUnique({ where: { id: i.pinnedById }, select: { name: true } }) : null,
    ]);
    const view = (d: NonNullable<typeof from>) => ({
      deploymentId: d.id,
      commitSha: d.commitSha,
      message: d.build?.commitMessage ?? "",
      buildId: d.buildId,
      buildNumber: d.build?.number ?? null,
    });
    pins.push({
      instanceId: i.id,
      stage: i.stage,
      service: i.service.name,
      serviceId: i.serviceId,
      at: i.rolledBackAt,
      by: by?.name ?? null,
      serving: view(serving),
      from: from ? view(from) : null,
      rolledBackBuildIds: later.map((d) => d.buildId!),
      held,
    });
  }
  return pins;
}
