import type { Db } from "../../db";
import type { BuildQueue } from "../../queue";
import { DomainError } from "../errors";
import { recordAudit } from "../audit/record-audit";

/**
 * "Deploy anyway": a push held because an instant rollback pinned its instance runs now, by this
 * member's decision (audited); its deploy replaces the rolled-back version and ends the pin.
 */
export async function deployHeldBuild(opts: { db: Db; queue: BuildQueue; orgId: string; actorId: string; buildId: string }) {
  const { db } = opts;
  const build = await db.build.findFirst({
    where: { id: opts.buildId, service: { app: { orgId: opts.orgId } } },
    include: { instance: true, service: { include: { app: true } } },
  });
  if (!build) throw new DomainError("NOT_FOUND", "No such build.", "buildId");
  if (build.status !== "QUEUED" || build.holdReason !== "pinned")
    throw new DomainError("CONFLICT", `Build #${build.number} is not waiting for a rolled-back instance.`, "buildId");
  const res = await db.build.updateMany({
    where: { id: build.id, status: "QUEUED", holdReason: "pinned" },
    data: { holdReason: null, pinOverrideById: opts.actorId, pinOverrideAt: new Date() },
  });
  if (res.count === 0) throw new DomainError("CONFLICT", `Build #${build.number} changed meanwhile; reload and try again.`);
  await recordAudit(db, {
    orgId: opts.orgId,
    actorId: opts.actorId,
    action: "release.deploy-anyway",
    target: `${build.service.app.slug}/${build.service.name}@${build.instance.stage}`,
    after: { build: build.number, commit: build.commitSha, pinned: build.instance.pinnedDeploymentId },
  });
  await opts.queue.enqueue(build.id, { delayMs: 1 });
  return { id: build.id, number: build.number };
}
