import type { Db } from "../../db";
import { profileForStage } from "../parameters/params-for-stage";
import { parseSafeguards, type Safeguard } from "./policies";
import type { SafeguardResult } from "./evaluate-safeguards";

/** The safeguards of the profile a stage uses (its mapping, else the app's default), parsed as when they were saved. */
export async function stageSafeguards(
  db: Db,
  appId: string,
  stage: string,
): Promise<{ profile: { id: string; name: string } | null; safeguards: Safeguard[] }> {
  const profile = await profileForStage(db, appId, stage);
  if (!profile) return { profile: null, safeguards: [] };
  const rows = await db.safeguard.findMany({ where: { profileId: profile.id }, orderBy: { createdAt: "asc" } });
  return {
    profile: { id: profile.id, name: profile.name },
    safeguards: parseSafeguards(rows.map((r) => ({ policy: r.policy, level: r.level, config: r.config }))),
  };
}

/** Keeps a build's verdicts (one row per policy), replacing any from an earlier attempt of the same build. */
export async function recordSafeguardChecks(db: Db, buildId: string, results: SafeguardResult[]) {
  await db.$transaction([
    db.safeguardCheck.deleteMany({ where: { buildId } }),
    db.safeguardCheck.createMany({
      data: results.map((r) => ({ buildId, policy: r.policy, level: r.level, passed: r.passed, message: r.message.slice(0, 2000) })),
    }),
  ]);
}

/** "3 passed, 1 warning, 1 failed": for commit statuses, PR comments and step rows. */
export function summarizeChecks(checks: Array<{ passed: boolean; level: string }>): string {
  const failed = checks.filter((c) => !c.passed && c.level === "ERROR").length;
  const warned = checks.filter((c) => !c.passed && c.level === "WARNING").length;
  const passed = checks.length - failed - warned;
  return [`${passed} passed`, warned && `${warned} warning${warned > 1 ? "s" : ""}`, failed && `${failed} failed`]
    .filter(Boolean)
    .join(", ");
}
