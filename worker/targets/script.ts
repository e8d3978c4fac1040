import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { BuildContext } from "../build-context";
import { readPackageJson } from "../steps/install";
import { handToBuild } from "../sandbox/build-sandbox";
import { runCommand, stepOptions } from "../steps/run-command";
import { stageAwsEnv } from "./aws-credentials";
import type { DeployTarget } from "./index";
import { markRemoved, mergeOutputs, publishExternalDeployment } from "./publish";

export const DEPLOY_SCRIPT = "slipway:deploy";
export const REMOVE_SCRIPT = "slipway:remove";

/** `endpoint_api_key` → SLIPWAY_PARAM_ENDPOINT_API_KEY. */
export function paramEnvName(key: string): string {
  return `SLIPWAY_PARAM_${key.replace(/[^A-Za-z0-9]/g, "_").toUpperCase()}`;
}

/**
 * What the service's own script is given: stage, region, app and service names, every resolved
 * parameter as SLIPWAY_PARAM_<KEY>, the resolved config as a JSON file, where to write its outputs,
 * and the stage's AWS credentials when its profile has some. Nothing else of Slipway's environment.
 */
export async function scriptEnv(ctx: BuildContext, files: { outputs: string; config: string }) {
  const { build } = ctx;
  const params = { ...ctx.params?.service, ...ctx.params?.stage, ...((build.cliParams as Record<string, string> | null) ?? {}) };
  const env: Record<string, string> = {
    ...ctx.childEnv,
    SLIPWAY_APP: build.app.slug,
    SLIPWAY_SERVICE: build.service.name,
    SLIPWAY_STAGE: build.instance.stage,
    SLIPWAY_REGION: build.instance.region,
    SLIPWAY_OUTPUTS_FILE: files.outputs,
    SLIPWAY_CONFIG_FILE: files.config,
  };
  for (const [k, v] of Object.entries(params)) env[paramEnvName(k)] = v;
  const aws = await stageAwsEnv(ctx);
  if (aws) Object.assign(env, aws);
  else ctx.log.line("The stage's deployment profile has no AWS access: the script runs without AWS credentials.");
  return env;
}

async function runScript(ctx: BuildContext, script: string) {
  const pkg = await readPackageJson(ctx.serviceDir);
  if (!pkg?.scripts?.[script]) {
    throw new Error(`The script target runs the service's own "${script}" script: add it to ${ctx.build.service.path}/package.json.`);
  }
  // Outside the service folder, so the script cannot mistake them for its own files.
  const files = { outputs: path.join(ctx.workDir, ".slipway-outputs.json"), config: path.join(ctx.workDir, ".slipway-config.json") };
  await rm(files.outputs, { force: true });
  await writeFile(files.config, JSON.stringify(ctx.resolved?.config ?? {}), { mode: 0o600 });
  await handToBuild(ctx, files.config);
  const env = await scriptEnv(ctx, files);
  await runCommand("npm", ["run", script], { ...stepOptions(ctx, script === DEPLOY_SCRIPT ? "deploy" : "remove"), env });
  return readReportedOutputs(files.outputs);
}

/** The JSON object the script wrote to SLIPWAY_OUTPUTS_FILE; none written means no outputs. */
export async function readReportedOutputs(file: string): Promise<Record<string, unknown>> {
  const text = await readFile(file, "utf8").catch(() => null);
  if (text === null || !text.trim()) return {};
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new Error(`SLIPWAY_OUTPUTS_FILE does not hold JSON: ${(e as Error).message}`);
  }
  if (!data || typeof data !== "object" || Array.isArray(data)) throw new Error("SLIPWAY_OUTPUTS_FILE must hold a JSON object of outputs.");
  return data as Record<string, unknown>;
}

export const scriptTarget: DeployTarget = {
  async deploy(ctx) {
    const reported = await runScript(ctx, DEPLOY_SCRIPT);
    return publishExternalDeployment(ctx, mergeOutputs(reported, ctx.resolved?.outputs ?? {}));
  },
  async remove(ctx) {
    await runScript(ctx, REMOVE_SCRIPT);
    await markRemoved(ctx);
  },
};
