import { createMasker } from "../../server/logs/mask";
import { paramsForStage } from "../../server/domain/parameters/params-for-stage";
import { loadPublishedOutputs } from "../../server/domain/outputs/load-outputs";
import { ResolutionError, resolveConfig } from "../../server/domain/variables/resolve-config";
import { toRuntimeConfig } from "../../server/domain/deployments/runtime-config";
import { serviceConfigFile } from "../../server/domain/repositories/service-files";
import type { BuildContext } from "../build-context";

/**
 * Resolves serverless.yml for this stage with the profile's parameters and the published outputs.
 * From here on every secret the build knows is masked in its log.
 */
export async function resolve(ctx: BuildContext) {
  const { db, cipher } = ctx.deps;
  const { app, instance, service } = ctx.build;
  const params = withholdSecretsFromFork(ctx, await paramsForStage(db, cipher, app.id, instance.stage));
  const cliParams = (ctx.build.cliParams as Record<string, string> | null) ?? undefined;
  // `--param` values are treated as secrets: the CLI has no way to say which of them are.
  const secrets = [...params.secrets, ...Object.values(cliParams ?? {})];
  const mask = createMasker(secrets);
  ctx.log.setMask(mask);
  ctx.log.line(
    params.profile
      ? `Stage "${instance.stage}" uses deployment profile ${params.profile.name}.`
      : `Stage "${instance.stage}" has no deployment profile (no mapping and no default): no parameters.`,
  );
  const run = async () =>
    resolveConfig({
      serviceDir: ctx.serviceDir,
      configFile: (await serviceConfigFile(ctx.serviceDir)) ?? undefined,
      rootDir: ctx.workDir,
      stage: instance.stage,
      region: instance.region,
      env: ctx.childEnv,
      slipwayParams: { service: params.service, stage: params.stage },
      cliParams,
      outputs: await loadPublishedOutputs(db, app.orgId),
      app: app.slug,
    });
  const result = await run().catch(async (e) => {
    if (await waitForUpstreamBuilds(ctx, e)) return run();
    throw maskError(explainWithheld(e, params.withheld), mask);
  });
  const config = result.config;
  if (config.service !== service.name) {
    ctx.log.line(`Note: serverless.yml names the service "${String(config.service)}"; Slipway knows it as "${service.name}".`);
  }
  const runtime = toRuntimeConfig(config);
  const fnNames = Object.keys(runtime.functions);
  ctx.log.line(`Resolved ${fnNames.length} function(s)${fnNames.length ? `: ${fnNames.join(", ")}` : ""}.`);
  for (const [name, fn] of Object.entries(runtime.functions)) {
    for (const route of fn.http) ctx.log.line(`  ${name}: ${route.method} ${route.path}`);
    for (const s of fn.schedules) ctx.log.line(`  ${name}: schedule ${s.expression}${s.enabled ? "" : " (disabled)"}`);
    for (const [k, v] of Object.entries(fn.environment)) ctx.log.line(`  ${name}: env ${k}=${v}`);
  }
  const outputsBlock = (config.outputs ?? {}) as Record<string, unknown>;
  refuseSecretOutputs(outputsBlock, mask);
  ctx.params = { service: params.service, stage: params.stage };
  ctx.resolved = { config, runtime, outputs: outputsBlock, secrets };
}

/**
 * Outputs are published in plain text for every member of the org (stage page, `slipway outputs`,
 * other services' `${output:}`), so an output may not carry a secret parameter's value: the deploy
 * is refused before anything happens. A consumer that needs the secret reads `${param:}` itself.
 */
function refuseSecretOutputs(outputs: Record<string, unknown>, mask: (line: string) => string) {
  const leaking = Object.entries(outputs).filter(([, v]) => {
    const text = typeof v === "string" ? v : (JSON.stringify(v) ?? "");
    return mask(text) !== text;
  });
  if (leaking.length === 0) return;
  throw new Error(
    `Output${leaking.length > 1 ? "s" : ""} ${leaking.map(([k]) => `"${k}"`).join(", ")} would publish the value of a secret parameter. ` +
      "Outputs are readable by every member and are not encrypted: let the consuming service read the parameter with ${param:} instead.",
  );
}

/** A resolution error may quote a resolved value (`${self:custom.${param:key}}`): it is stored and shown, so mask it like the log. */
function maskError(error: unknown, mask: (line: string) => string): unknown {
  if (!(error instanceof Error)) return error;
  const message = mask(error.message);
  return message === error.message ? error : Object.assign(new Error(message), { name: error.name });
}

export const WITHHELD_MESSAGE = "secret parameters are withheld from fork builds until an admin approves";

/**
 * A fork's pull request build that no admin approved (claim-build never runs one; this is the
 * second lock) resolves without the values of secret parameters: a `${param:}` naming one fails
 * with WITHHELD_MESSAGE. Its plain parameters stay, so its config resolves as far as it can.
 */
function withholdSecretsFromFork(ctx: BuildContext, params: Awaited<ReturnType<typeof paramsForStage>>) {
  if (!ctx.build.fromFork || ctx.build.approvedAt) return { ...params, withheld: [] as string[] };
  const withheld = params.all.filter((p) => p.secret).map((p) => p.key);
  const drop = (r: Record<string, string>) => Object.fromEntries(Object.entries(r).filter(([k]) => !withheld.includes(k)));
  ctx.log.line(`Fork build not approved by an admin: ${withheld.length} secret parameter(s) withheld.`);
  return { ...params, service: drop(params.service), stage: drop(params.stage), secrets: [] as string[], withheld };
}

function explainWithheld(error: unknown, withheld: string[]): unknown {
  if (!(error instanceof ResolutionError) || withheld.length === 0) return error;
  const hits = withheld.filter((k) => error.failures.some((f) => f.reason.includes(`"${k}"`)));
  return hits.length ? new Error(`${error.message}\n${hits.map((k) => `param "${k}": ${WITHHELD_MESSAGE}.`).join("\n")}`) : error;
}

/**
 * One push builds several services at once; a consumer of another service's outputs may resolve
 * before that service has published them. When an output is missing and other services of the
 * app have builds queued earlier and still going, wait for those, then resolve once more.
 */
async function waitForUpstreamBuilds(ctx: BuildContext, error: unknown): Promise<boolean> {
  if (!(error instanceof ResolutionError) || !error.failures.some((f) => /output/i.test(f.reason))) return false;
  const { db } = ctx.deps;
  const where = {
    status: { in: ["QUEUED", "RUNNING"] as ("QUEUED" | "RUNNING")[] },
    service: { appId: ctx.build.app.id },
    serviceId: { not: ctx.build.serviceId },
    createdAt: { lte: ctx.build.createdAt },
    // A build waiting for approval, or held by a freeze, may wait a long time.
    NOT: [{ needsApproval: true, approvedAt: null }, { holdReason: { not: null } }],
  };
  const upstream = await db.build.findMany({
    where,
    include: { service: { select: { name: true } }, instance: { select: { stage: true } } },
  });
  if (upstream.length === 0) return false;
  ctx.log.line(
    `An output is not published yet; waiting for ${upstream.map((b) => `${b.service.name}@${b.instance.stage} (#${b.number})`).join(", ")}…`,
  );
  const deadline = Date.now() + ctx.deps.env.STEP_TIMEOUT_S * 1000;
  while (Date.now() < deadline && !ctx.signal.aborted) {
    if ((await db.build.count({ where: { id: { in: upstream.map((b) => b.id) }, status: { in: ["QUEUED", "RUNNING"] } } })) === 0)
      return true;
    await new Promise((r) => setTimeout(r, 1000));
  }
  return false;
}
