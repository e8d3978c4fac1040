import { readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import type { BuildContext } from "../build-context";
import { handToBuild } from "../sandbox/build-sandbox";
import { runCommand, stepOptions } from "../steps/run-command";
import { stageAwsEnv } from "./aws-credentials";
import type { DeployTarget } from "./index";
import { parseStackOutputs } from "./stack-outputs";
import { markRemoved, mergeOutputs, publishExternalDeployment } from "./publish";

/** The resolved configuration the Framework reads: every variable already substituted by Slipway. */
export const RESOLVED_CONFIG = "serverless.slipway.json";
const PACKAGE_DIR = ".serverless";

const exists = (p: string) =>
  stat(p).then(
    () => true,
    () => false,
  );

/** The Framework version the service pins: its own node_modules/.bin/serverless. */
export async function frameworkBin(serviceDir: string): Promise<string> {
  const bin = path.join(serviceDir, "node_modules", ".bin", "serverless");
  if (await exists(bin)) return bin;
  throw new Error(
    "The serverless target runs the Serverless Framework version the service pins, and this service has none: install serverless in the service's devDependencies (npm i -D serverless@3).",
  );
}

/**
 * Writes the resolved config for the Framework. `org`/`app`/`console` are dropped: Slipway is the
 * dashboard, and they would make the Framework call the Serverless Dashboard. The file holds
 * resolved parameters (the Framework needs them); it lives in the build folder, removed after the build.
 */
export async function writeResolvedConfig(ctx: BuildContext): Promise<string> {
  if (!ctx.resolved) throw new Error("Nothing resolved to deploy.");
  const { org: _org, app: _app, console: _console, dashboard: _dashboard, ...config } = ctx.resolved.config as Record<string, unknown>;
  const file = path.join(ctx.serviceDir, RESOLVED_CONFIG);
  await writeFile(file, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  await handToBuild(ctx, file);
  return RESOLVED_CONFIG;
}

/** The child's environment: the build's, the stage's AWS credentials, and the Framework kept quiet. */
async function frameworkEnv(ctx: BuildContext) {
  const aws = await stageAwsEnv(ctx);
  if (!aws) {
    throw new Error(
      `The deployment profile of stage "${ctx.build.instance.stage}" has no AWS access: give it a role ARN (with its external ID) or static keys.`,
    );
  }
  return {
    ...ctx.childEnv,
    ...aws,
    SLS_TELEMETRY_DISABLED: "1",
    SLS_NOTIFICATIONS_MODE: "off",
    SLS_INTERACTIVE_SETUP_DISABLE: "1",
    SLS_DEPRECATION_DISABLE: "*",
  };
}

function runFramework(ctx: BuildContext, bin: string, command: string[], env: Record<string, string>, onOutput?: (chunk: string) => void) {
  const { stage, region } = ctx.build.instance;
  return runCommand(bin, [...command, "--config", RESOLVED_CONFIG, "--stage", stage, "--region", region], {
    ...stepOptions(ctx, `serverless ${command[0]}`),
    env,
    onOutput,
  });
}

/** `serverless package`: offline, produces the CloudFormation template and code zips in .serverless/. */
export async function packageService(ctx: BuildContext, bin: string, env: Record<string, string>) {
  await writeResolvedConfig(ctx);
  await runFramework(ctx, bin, ["package", "--package", PACKAGE_DIR], env);
  const template = path.join(ctx.serviceDir, PACKAGE_DIR, "cloudformation-template-update-stack.json");
  const parsed = JSON.parse(await readFile(template, "utf8")) as { Resources?: Record<string, unknown> };
  ctx.log.line(`Packaged ${Object.keys(parsed.Resources ?? {}).length} CloudFormation resources into ${PACKAGE_DIR}/.`);
}

export const serverlessTarget: DeployTarget = {
  /** package, then deploy exactly that package, then read the stack's outputs back. */
  async deploy(ctx) {
    const bin = await frameworkBin(ctx.serviceDir);
    const env = await frameworkEnv(ctx);
    await packageService(ctx, bin, env);
    await runFramework(ctx, bin, ["deploy", "--package", PACKAGE_DIR], env);
    let info = "";
    await runFramework(ctx, bin, ["info", "--verbose"], env, (chunk) => (info += chunk));
    const outputs = mergeOutputs(parseStackOutputs(info), ctx.resolved?.outputs ?? {});
    return publishExternalDeployment(ctx, outputs);
  },
  async remove(ctx) {
    const bin = await frameworkBin(ctx.serviceDir);
    const env = await frameworkEnv(ctx);
    await writeResolvedConfig(ctx);
    await runFramework(ctx, bin, ["remove"], env);
    await markRemoved(ctx);
  },
};
