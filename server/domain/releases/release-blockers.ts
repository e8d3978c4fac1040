import type { Db } from "../../db";
import { can } from "../auth/permissions";
import { findApp } from "../apps/find-app";
import { stageSafeguards } from "../safeguards/stage-safeguards";
import { approvalRefusal, approversLabel, freezeNow, loadApprover, stageProtection } from "../protection/stage-protection";

const PROD = "prod";

/**
 * What would hold or stop a promotion (or a rollback) before anyone presses the button: prod's
 * required approval (and whether the viewer may give it), a freeze in force now, and the safeguard
 * verdicts already known — failed policies of each service's latest staging build and latest prod build.
 */
export async function releaseBlockers(db: Db, orgId: string, actorId: string, slug: string, now = new Date()) {
  const app = await findApp(db, orgId, slug);
  const protection = await stageProtection(db, app.id, PROD);
  const who = await loadApprover(db, orgId, actorId);
  const names = new Map(
    (await db.user.findMany({ where: { id: { in: protection?.approverUserIds ?? [] } }, select: { id: true, name: true } })).map((u) => [
      u.id,
      u.name,
    ]),
  );
  const freeze = freezeNow(protection, now);
  const services = await db.service.findMany({ where: { appId: app.id }, orderBy: { name: "asc" }, select: { id: true, name: true } });
  const safeguards = [];
  for (const s of services) {
    for (const stage of ["staging", PROD]) {
      // The newest build that reached the safeguards step says what this service's config does today.
      const build = await db.build.findFirst({
        where: { serviceId: s.id, kind: "DEPLOY", instance: { stage }, safeguardChecks: { some: {} } },
        orderBy: { number: "desc" },
        include: { safeguardChecks: { where: { passed: false }, orderBy: { createdAt: "asc" } } },
      });
      for (const c of build?.safeguardChecks ?? []) {
        safeguards.push({
          service: s.name,
          stage,
          buildId: build!.id,
          buildNumber: build!.number,
          policy: c.policy,
          level: c.level,
          message: c.message,
        });
      }
    }
  }
  // The policies every prod deploy is checked against (the prod profile's), known failures or not.
  const prodPolicies = await stageSafeguards(db, app.id, PROD);
  const instantRefusal =
    protection?.requireApproval && who
      ? approvalRefusal({ fromFork: false, requestedById: null, commitAuthor: "" }, protection, who)
      : null;
  return {
    approval: protection?.requireApproval
      ? {
          required: true,
          approvers: approversLabel(protection, names),
          selfApproval: protection.allowSelfApproval,
          youMayApprove: !!who && can(who.role, "builds.approve") && instantRefusal === null,
        }
      : { required: false, approvers: null, selfApproval: false, youMayApprove: false },
    freeze: freeze
      ? { until: freeze.endsAt, message: freeze.message, mode: freeze.mode, youMayOverride: !!who && can(who.role, "builds.override") }
      : null,
    safeguards,
    prodSafeguards: {
      profile: prodPolicies.profile?.name ?? null,
      policies: prodPolicies.safeguards.map((g) => ({ policy: g.policy, level: g.level })),
    },
    /** An instant rollback skips the build, so these rules are checked on the click itself. */
    instantRollback: { needsOverride: !!freeze, refusal: instantRefusal },
  };
}

/**
 * An instant rollback deploys without a build, so it answers to prod's rules here: during a
 * freeze only with an override (a reason, by a role that may override); on a stage requiring
 * approval only by someone who may approve. Returns the override to audit, or throws.
 */
export async function assertInstantRollbackAllowed(
  db: Db,
  orgId: string,
  actorId: string,
  appId: string,
  overrideReason: string | undefined,
) {
  const protection = await stageProtection(db, appId, PROD);
  const who = await loadApprover(db, orgId, actorId);
  if (!who) return { error: "FORBIDDEN" as const, message: "You are not a member of this organization." };
  const freeze = freezeNow(protection);
  if (freeze && !overrideReason?.trim())
    return {
      error: "CONFLICT" as const,
      message: `${freeze.message} An instant rollback during a freeze needs an admin's override, with a reason.`,
    };
  if (freeze && !can(who.role, "builds.override"))
    return { error: "FORBIDDEN" as const, message: `${freeze.message} Only an admin can override it.` };
  if (protection?.requireApproval) {
    const refusal = approvalRefusal({ fromFork: false, requestedById: null, commitAuthor: "" }, protection, who);
    if (refusal)
      return {
        error: "FORBIDDEN" as const,
        message: `Prod requires approval; an instant rollback has no build to approve, so only an approver may do it. ${refusal}`,
      };
  }
  return { error: null, override: freeze ? { reason: overrideReason!.trim().slice(0, 500), freeze: freeze.message } : null };
}
