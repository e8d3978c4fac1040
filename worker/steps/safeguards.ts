import { createMasker } from "../../server/logs/mask";
import { describeFailure, evaluateSafeguards } from "../../server/domain/safeguards/evaluate-safeguards";
import { recordSafeguardChecks, stageSafeguards, summarizeChecks } from "../../server/domain/safeguards/stage-safeguards";
import type { BuildContext } from "../build-context";

/**
 * Every safeguard of the stage's profile against the resolved serverless.yml, before any deploy:
 * a failed ERROR policy fails the build here (naming policy, path and value); a failed WARNING is
 * logged, marked on the step, and the build goes on. The verdicts are kept with the build.
 */
export async function safeguards(ctx: BuildContext) {
  const { db } = ctx.deps;
  const { app, instance } = ctx.build;
  if (!ctx.resolved) throw new Error("The configuration was not resolved.");
  const { profile, safeguards: policies } = await stageSafeguards(db, app.id, instance.stage);
  if (policies.length === 0) {
    ctx.log.line(profile ? `Profile ${profile.name} has no safeguards.` : "No deployment profile: no safeguards.");
    ctx.note = "no safeguards";
    await recordSafeguardChecks(db, ctx.build.id, []);
    return;
  }
  // Messages quote resolved values: a secret parameter's value never reaches the page or the log.
  const mask = createMasker(ctx.resolved.secrets);
  const results = evaluateSafeguards(policies, {
    config: ctx.resolved.config,
    stage: instance.stage,
    region: instance.region,
    now: new Date(),
    secrets: ctx.resolved.secrets,
  }).map((r) => ({ ...r, message: mask(r.message) }));
  await recordSafeguardChecks(db, ctx.build.id, results);
  ctx.log.line(`Safeguards of ${profile!.name}:`);
  for (const r of results) {
    const mark = r.passed ? "\u001b[32m✔\u001b[0m" : r.level === "ERROR" ? "\u001b[31m✖ ERROR\u001b[0m" : "\u001b[33m⚠ WARNING\u001b[0m";
    ctx.log.line(`  ${mark} ${r.policy}: ${r.message}`);
  }
  ctx.note = summarizeChecks(results);
  const errors = results.filter((r) => !r.passed && r.level === "ERROR");
  if (errors.length) throw new Error(errors.map(describeFailure).join("\n"));
}
