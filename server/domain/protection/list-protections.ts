import type { Db } from "../../db";
import { findApp } from "../apps/find-app";
import { toProtection, freezeNow } from "./stage-protection";

/** An app's protection rules per stage, with the members an admin can name as approvers. */
export async function listProtections(db: Db, orgId: string, slug: string, now = new Date()) {
  const app = await findApp(db, orgId, slug);
  const rows = await db.stageProtection.findMany({ where: { appId: app.id }, orderBy: { stage: "asc" } });
  const members = await db.membership.findMany({
    where: { orgId },
    include: { user: { select: { id: true, name: true, email: true } } },
    orderBy: { createdAt: "asc" },
  });
  return {
    protections: rows.map((r) => {
      const p = toProtection(r);
      const freeze = freezeNow(p, now);
      return { ...p, frozenNow: freeze ? { until: freeze.endsAt, message: freeze.message } : null };
    }),
    members: members.map((m) => ({ userId: m.user.id, name: m.user.name, email: m.user.email, role: m.role })),
  };
}
