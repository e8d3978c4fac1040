import type { Db } from "../../db";
import { DomainError } from "../errors";
import { can } from "../auth/permissions";
import { approvalRefusal, approversLabel, freezeNow, loadApprover, stageProtection } from "../protection/stage-protection";

/**
 * What holds a build before it runs, as its page shows it: an approval (and whether the viewer may
 * give it, or why not), a deploy freeze (until when, and whether the viewer may override it).
 */
export async function buildGate(db: Db, orgId: string, actorId: string, buildId: string) {
  const build = await db.build.findFirst({ where: { id: buildId, service: { app: { orgId } } }, include: { instance: true } });
  if (!build) throw new DomainError("NOT_FOUND", "No such build.");
  const protection = await stageProtection(db, build.instance.appId, build.instance.stage);
  const who = await loadApprover(db, orgId, actorId);
  const users = await db.user.findMany({
    where: {
      id: {
        in: [...(protection?.approverUserIds ?? []), build.approvedById, build.rejectedById, build.freezeOverrideById].filter(
          (x): x is string => !!x,
        ),
      },
    },
    select: { id: true, name: true },
  });
  const names = new Map(users.map((u) => [u.id, u.name]));
  const waitingForApproval = build.status === "QUEUED" && build.needsApproval && !build.approvedAt;
  const refusal = who ? approvalRefusal(build, protection, who) : "Not a member.";
  const freeze = freezeNow(protection);
  const heldByFreeze = build.holdReason === "freeze" && (build.status === "QUEUED" || build.status === "FAILED");
  const newer =
    heldByFreeze && build.status === "FAILED"
      ? await db.build.count({ where: { instanceId: build.instanceId, number: { gt: build.number } } })
      : 0;
  const heldByPin = build.status === "QUEUED" && build.holdReason === "pinned";
  return {
    /** A push waiting because an instant rollback pinned its instance (see claim-build). */
    pinned: { held: heldByPin, canDeployAnyway: heldByPin && !!who && can(who.role, "releases.rollback") },
    approval: {
      waiting: waitingForApproval,
      reason: build.fromFork ? ("fork" as const) : ("stage" as const),
      approvers: build.fromFork ? "admins" : protection ? approversLabel(protection, names) : "—",
      canApprove: waitingForApproval && refusal === null && !!who && can(who.role, "builds.approve"),
      refusal: waitingForApproval ? refusal : null,
      approvedBy: build.approvedById ? (names.get(build.approvedById) ?? null) : null,
      rejectedBy: build.rejectedById ? (names.get(build.rejectedById) ?? null) : null,
    },
    freeze: {
      held: heldByFreeze,
      until: build.status === "QUEUED" ? build.holdUntil : null,
      message: freeze?.message ?? null,
      mode: protection?.freezeMode ?? null,
      canOverride: heldByFreeze && newer === 0 && !!who && can(who.role, "builds.override"),
      overriddenBy: build.freezeOverrideById ? (names.get(build.freezeOverrideById) ?? null) : null,
      overrideReason: build.freezeOverrideReason,
    },
  };
}
