import type { Db } from "../../db";
import { can } from "../auth/permissions";
import { approvalRefusal, loadApprover, toProtection } from "../protection/stage-protection";

/**
 * The dashboard's "waiting for you": builds of the org waiting for an approval the viewer may
 * give, and (for those who may override) builds a deploy freeze holds.
 */
export async function listWaitingBuilds(db: Db, orgId: string, actorId: string) {
  const who = await loadApprover(db, orgId, actorId);
  if (!who) return [];
  const builds = await db.build.findMany({
    where: { status: "QUEUED", service: { app: { orgId } }, OR: [{ needsApproval: true, approvedAt: null }, { holdReason: "freeze" }] },
    include: {
      service: { select: { name: true, app: { select: { slug: true, name: true } } } },
      instance: { select: { appId: true, stage: true } },
    },
    orderBy: { createdAt: "asc" },
    take: 100,
  });
  const rules = await db.stageProtection.findMany({ where: { appId: { in: [...new Set(builds.map((b) => b.instance.appId))] } } });
  const ruleOf = (appId: string, stage: string) => {
    const r = rules.find((x) => x.appId === appId && x.stage === stage);
    return r ? toProtection(r) : null;
  };
  return builds.flatMap((b) => {
    const approval = b.needsApproval && !b.approvedAt;
    if (approval && (!can(who.role, "builds.approve") || approvalRefusal(b, ruleOf(b.instance.appId, b.instance.stage), who))) return [];
    if (!approval && !can(who.role, "builds.override")) return [];
    return [
      {
        id: b.id,
        number: b.number,
        waitingFor: approval ? ("approval" as const) : ("freeze" as const),
        holdUntil: b.holdUntil,
        app: b.service.app,
        service: b.service.name,
        stage: b.instance.stage,
        branch: b.branch,
        commitSha: b.commitSha,
        commitMessage: b.commitMessage,
        createdAt: b.createdAt,
      },
    ];
  });
}
