import type { Role, StageProtection } from "@prisma/client";
import type { Db } from "../../db";
import { activeFreeze, describeWindow, freezeWindowSchema, type ActiveFreeze, type FreezeWindow } from "./freeze-windows";

export interface Protection {
  stage: string;
  requireApproval: boolean;
  approverRoles: Role[];
  approverUserIds: string[];
  allowSelfApproval: boolean;
  timeZone: string;
  freezes: FreezeWindow[];
  freezeMode: "WAIT" | "FAIL";
}

/** A stored rule as the domain uses it; windows that no longer parse are dropped, never trusted. */
export function toProtection(row: StageProtection): Protection {
  const freezes = Array.isArray(row.freezes)
    ? row.freezes.flatMap((w) => {
        const p = freezeWindowSchema.safeParse(w);
        return p.success ? [p.data] : [];
      })
    : [];
  return {
    stage: row.stage,
    requireApproval: row.requireApproval,
    approverRoles: row.approverRoles,
    approverUserIds: row.approverUserIds,
    allowSelfApproval: row.allowSelfApproval,
    timeZone: row.timeZone,
    freezes,
    freezeMode: row.freezeMode,
  };
}

/** The protection rules of one stage of an app, or null when it has none. */
export async function stageProtection(db: Pick<Db, "stageProtection">, appId: string, stage: string): Promise<Protection | null> {
  const row = await db.stageProtection.findUnique({ where: { appId_stage: { appId, stage } } });
  return row ? toProtection(row) : null;
}

/** The freeze holding deploys to the stage at `now`, with a sentence saying so. */
export function freezeNow(p: Protection | null, now = new Date()): (ActiveFreeze & { message: string; mode: "WAIT" | "FAIL" }) | null {
  if (!p || p.freezes.length === 0) return null;
  const f = activeFreeze(p.freezes, p.timeZone, now);
  if (!f) return null;
  const label = `${describeWindow(f.window)} ${p.timeZone}${f.window.note ? `, "${f.window.note}"` : ""}`;
  return { ...f, mode: p.freezeMode, message: `Stage ${p.stage} is frozen (${label}) until ${f.endsAt.toISOString()}.` };
}

export interface Approver {
  userId: string;
  role: Role;
  name: string;
  email: string;
}

/**
 * Who may approve a build, as one rule for both reasons a build waits: a fork's pull request
 * (only an admin lets untrusted code near the stage's secrets) and a stage that requires approval
 * (its approver roles or named members; the change's author only when the rule allows it).
 * Returns null when the approver may, else the reason they may not.
 */
export function approvalRefusal(
  build: { fromFork: boolean; requestedById: string | null; commitAuthor: string },
  protection: Protection | null,
  who: Approver,
): string | null {
  if (build.fromFork && who.role !== "ADMIN") return "Only an admin can approve a build from a fork's pull request.";
  if (!protection?.requireApproval) return null;
  const listed = protection.approverRoles.includes(who.role) || protection.approverUserIds.includes(who.userId);
  if (!listed) return `Stage ${protection.stage} is approved by ${approversLabel(protection)}; you are not one of them.`;
  const author =
    build.requestedById === who.userId ||
    (build.commitAuthor !== "" && [who.name, who.email].some((n) => n.toLowerCase() === build.commitAuthor.toLowerCase()));
  if (author && !protection.allowSelfApproval) return `You made this change; stage ${protection.stage} needs someone else to approve it.`;
  return null;
}

const ROLE_NAMES: Record<Role, string> = {
  ADMIN: "admins",
  DEVELOPER: "developers",
  REVIEWER: "reviewers",
  PRODUCT_OWNER: "product owners",
};
export function approversLabel(p: Pick<Protection, "approverRoles" | "approverUserIds">, names: Map<string, string> = new Map()): string {
  const parts = [...p.approverRoles.map((r) => ROLE_NAMES[r]), ...p.approverUserIds.map((id) => names.get(id) ?? "a named member")];
  return parts.length ? parts.join(", ") : "nobody";
}

/** The approving member as approvalRefusal needs them, scoped to the org. */
export async function loadApprover(db: Db, orgId: string, userId: string): Promise<Approver | null> {
  const m = await db.membership.findUnique({ where: { orgId_userId: { orgId, userId } }, include: { user: true } });
  return m ? { userId, role: m.role, name: m.user.name, email: m.user.email } : null;
}
