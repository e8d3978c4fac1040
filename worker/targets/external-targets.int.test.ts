import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { execa } from "execa";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, waitForBuilds, type Harness } from "../../scripts/test/harness";
import { startFakeSts } from "../../scripts/test/fake-sts";
import { serverless3NodeModules } from "../../scripts/test/serverless3-cache";
import { queueBuild } from "../../server/domain/builds/queue-build";
import { listOutputs } from "../../server/domain/outputs/list-outputs";
import { createCipher } from "../../server/domain/secrets/cipher";
import { readAll } from "../../server/logs/build-log";
import { LogWriter } from "../../server/logs/log-writer";
import { buildInclude, type BuildContext, type WorkerDeps } from "../build-context";
import { checkout } from "../steps/checkout";
import { resolve } from "../steps/resolve";
import { frameworkBin, RESOLVED_CONFIG, serverlessTarget } from "./serverless";

const ROLE = "arn:aws:iam::123456789012:role/slipway-deploy";
const ASSUMED = {
  accessKeyId: "ASIAFAKEASSUMED0001",
  secretAccessKey: "assumed-secret-9f8e7d6c5b",
  sessionToken: "assumed-session-token-a1b2c3d4e5",
};
const PARAM_SECRET = "dev-key-7f3a9c";
const saved = { ...process.env };
let h: Harness;
let sts: Awaited<ReturnType<typeof startFakeSts>>;
let nodeModules: string;
let tmp: string;

beforeAll(async () => {
  nodeModules = await serverless3NodeModules();
  h = await startHarness();
  sts = await startFakeSts(ASSUMED);
  tmp = await mkdtemp(path.join(os.tmpdir(), "slipway-targets-"));
  // The worker's own AWS identity, which signs the AssumeRole call (on a server: its instance role).
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: "AKIASLIPWAYWORKER01",
    AWS_SECRET_ACCESS_KEY: "worker-own-secret",
    AWS_EC2_METADATA_DISABLED: "true",
  });
  await h.db.deploymentProfile.updateMany({
    where: { name: "profile-dev" },
    data: { awsRoleArn: ROLE, awsExternalId: "slipway-ext-4242" },
  });
  const database = await h.db.service.findFirstOrThrow({ where: { appId: h.appId, name: "database" } });
  const dev = await queueBuild(h.db, h.queue, {
    serviceId: database.id,
    stage: "dev",
    trigger: "manual",
    commitSha: await h.repo.head("master"),
  });
  expect((await waitForBuilds(h, [dev.id]))[0]!.status).toBe("SUCCEEDED");
}, 900_000);

afterAll(async () => {
  process.env = saved;
  await sts?.close();
  await h?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

/**
 * The cached serverless@3 as the build's own node_modules: hard links (instant), not a symlink,
 * since the sandbox sees nothing outside the build folder — as with a real `npm ci`.
 */
const installCachedFramework = (serviceDir: string) => execa("cp", ["-al", "--", nodeModules, path.join(serviceDir, "node_modules")]);

/** A build of restapi@alice run step by step in this process, so its folder can be inspected afterwards. */
async function manualBuild(kind: "DEPLOY" | "REMOVE" = "DEPLOY") {
  const restapi = await h.db.service.update({ where: { appId_name: { appId: h.appId, name: "restapi" } }, data: { target: "SERVERLESS" } });
  const parked = { enqueue: async () => {}, close: async () => {} }; // the in-process worker must not take it
  const queued = await queueBuild(h.db, parked, {
    serviceId: restapi.id,
    stage: "alice",
    kind,
    trigger: "manual",
    commitSha: await h.repo.head("master"),
  });
  const row = await h.db.build.findUniqueOrThrow({ where: { id: queued.id }, include: buildInclude });
  const app = await h.db.app.findUniqueOrThrow({ where: { id: h.appId }, include: { repository: true, org: true } });
  const deps: WorkerDeps = {
    ...h.deps,
    env: { ...h.env, AWS_STS_ENDPOINT: sts.url },
    runtime: {
      prepare: async () => {},
      announce: async () => {},
      syncSchedules: async () => {},
      removeSchedules: async () => {},
      close: async () => {},
    },
  };
  const workDir = path.join(tmp, queued.id);
  const ctx: BuildContext = {
    deps,
    build: { ...row, app },
    log: new LogWriter(h.redis, h.env.REDIS_PREFIX, queued.id),
    signal: new AbortController().signal,
    workDir,
    serviceDir: path.join(workDir, "services/restapi"),
    childEnv: { PATH: process.env.PATH!, HOME: path.join(tmp, "home"), CI: "true" },
  };
  await checkout(ctx);
  await resolve(ctx);
  return ctx;
}

async function logLines(ctx: BuildContext) {
  await ctx.log.close();
  return readAll(h.redis, h.env.REDIS_PREFIX, ctx.build.id);
}

/** Every file under dir, recursively (node_modules skipped). */
async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    if (e.name === "node_modules") continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(p)));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

describe("the serverless target", () => {
  it("asks for the Framework in the service's devDependencies when it has none", async () => {
    const ctx = await manualBuild();
    await expect(serverlessTarget.deploy(ctx)).rejects.toThrow("install serverless in the service's devDependencies");
    await expect(frameworkBin(ctx.serviceDir)).rejects.toThrow(/devDependencies/);
  });

  it("packages the resolved config with `serverless package`, deploys with assumed-role credentials, and leaks no secret", async () => {
    const ctx = await manualBuild();
    await installCachedFramework(ctx.serviceDir);
    // No AWS account is reachable: everything up to the CloudFormation call runs for real.
    await expect(serverlessTarget.deploy(ctx)).rejects.toThrow(/serverless deploy --package \.serverless .*exited with code/);

    // The packaged CloudFormation template carries the resolved environment.
    const template = JSON.parse(
      await readFile(path.join(ctx.serviceDir, ".serverless", "cloudformation-template-update-stack.json"), "utf8"),
    );
    expect(template.Resources.SubmitLambdaFunction.Properties.Environment.Variables).toEqual({
      APP_ENV: "dev",
      SUBMISSIONS_TABLE: "workshop-submissions-dev",
      ENDPOINT_URL: "https://api.dev.example.com",
      ENDPOINT_API_KEY: PARAM_SECRET,
    });
    expect(template.Resources.SubmitLambdaFunction.Properties.FunctionName).toBe("restapi-alice-submit");
    const written = JSON.parse(await readFile(path.join(ctx.serviceDir, RESOLVED_CONFIG), "utf8"));
    expect(JSON.stringify(written)).not.toContain("${");

    // STS was asked for this profile's role with its external ID, for one hour, signed by the worker's key.
    expect(sts.calls).toHaveLength(1);
    expect(sts.calls[0]!.params).toMatchObject({
      Action: "AssumeRole",
      RoleArn: ROLE,
      ExternalId: "slipway-ext-4242",
      DurationSeconds: "3600",
    });
    expect(sts.calls[0]!.params.RoleSessionName).toMatch(/^slipway-build-\d+$/);
    expect(sts.calls[0]!.authorization).toContain("Credential=AKIASLIPWAYWORKER01/");

    const lines = await logLines(ctx);
    const text = lines.join("\n");
    expect(text).toContain(`Assumed ${ROLE} for one hour (profile profile-dev).`);
    expect(text).toContain("serverless package --package .serverless --config serverless.slipway.json --stage alice --region us-east-1");
    expect(text).toMatch(/Packaged \d+ CloudFormation resources/);
    // The Framework took the assumed credentials from its environment, then could not reach AWS.
    expect(text).toContain("Credentials: Local, environment variables");
    expect(text).toMatch(/Inaccessible host: `cloudformation\.us-east-1\.amazonaws\.com'/);
    for (const secret of [PARAM_SECRET, ASSUMED.accessKeyId, ASSUMED.secretAccessKey, ASSUMED.sessionToken, "worker-own-secret"]) {
      expect(lines.filter((l) => l.includes(secret))).toEqual([]);
    }
    // Credentials exist only in the child's environment: no file of the build holds them.
    for (const file of await filesUnder(ctx.workDir)) {
      const content = await readFile(file, "utf8").catch(() => "");
      for (const secret of [ASSUMED.secretAccessKey, ASSUMED.sessionToken])
        expect(content.includes(secret), `${file} holds a credential`).toBe(false);
    }
    // Nothing was published: the instance has no deployment.
    const instance = await h.db.serviceInstance.findUniqueOrThrow({ where: { id: ctx.build.instanceId } });
    expect(instance.currentDeploymentId).toBeNull();
  }, 240_000);

  it("fails clearly when the stage's profile has no AWS access", async () => {
    await h.db.deploymentProfile.updateMany({ where: { name: "profile-dev" }, data: { awsRoleArn: null, awsExternalId: null } });
    const ctx = await manualBuild();
    await installCachedFramework(ctx.serviceDir);
    await expect(serverlessTarget.deploy(ctx)).rejects.toThrow('The deployment profile of stage "alice" has no AWS access');
    await h.db.deploymentProfile.updateMany({
      where: { name: "profile-dev" },
      data: { awsRoleArn: ROLE, awsExternalId: "slipway-ext-4242" },
    });
  });
});

describe("the script target", () => {
  it("runs the service's slipway:deploy with stage, params and credentials, publishes the outputs it reports, then slipway:remove", async () => {
    await h.db.service.update({ where: { appId_name: { appId: h.appId, name: "tasks" } }, data: { target: "SCRIPT" } });
    await h.db.deploymentProfile.updateMany({
      where: { name: "profile-staging" },
      data: {
        awsAccessKeyId: "AKIASTATICSTAGING01",
        awsSecretKeyCipher: createCipher(h.env.SLIPWAY_ENCRYPTION_KEY).encrypt("static-staging-secret-77"),
      },
    });
    await h.repo.commitFile(
      "services/tasks/deploy.js",
      `const fs = require("node:fs");
const e = process.env;
console.log("deploying", e.SLIPWAY_SERVICE, "to", e.SLIPWAY_STAGE, e.SLIPWAY_REGION, "key", e.SLIPWAY_PARAM_ENDPOINT_API_KEY, "aws", e.AWS_ACCESS_KEY_ID, e.AWS_SECRET_ACCESS_KEY);
const config = JSON.parse(fs.readFileSync(e.SLIPWAY_CONFIG_FILE, "utf8"));
fs.writeFileSync(e.SLIPWAY_OUTPUTS_FILE, JSON.stringify({
  url: "https://tasks.example.com/" + e.SLIPWAY_STAGE,
  env: e.SLIPWAY_PARAM_ENV,
  awsKeyLength: (e.AWS_SECRET_ACCESS_KEY || "").length,
  sawDatabaseUrl: "DATABASE_URL" in e,
  scheduleUrl: config.functions.ping.environment.url,
}));
`,
      "A deploy script",
    );
    await h.repo.commitFile(
      "services/tasks/package.json",
      (s) =>
        s.replace(
          '"test": "node --test"',
          '"test": "node --test", "slipway:deploy": "node deploy.js", "slipway:remove": "node -e \\"console.log(\'removing\', process.env.SLIPWAY_STAGE)\\""',
        ),
      "Script target scripts",
    );
    const tasks = await h.db.service.findFirstOrThrow({ where: { appId: h.appId, name: "tasks" } });
    const deploy = await queueBuild(h.db, h.queue, {
      serviceId: tasks.id,
      stage: "staging",
      trigger: "manual",
      commitSha: await h.repo.head("master"),
    });
    const [built] = await waitForBuilds(h, [deploy.id]);
    expect({ status: built!.status, error: built!.error }).toEqual({ status: "SUCCEEDED", error: null });
    expect(built!.log).toContain("deploying tasks to staging us-east-1 key *** aws *** ***");
    expect(built!.log).not.toContain("staging-key-b81e42");
    expect(built!.log).not.toContain("static-staging-secret-77");

    const [published] = await listOutputs(h.db, h.orgId, "workshop", { stage: "staging", service: "tasks" });
    expect(published!.values).toEqual({
      url: "https://tasks.example.com/staging",
      env: "staging",
      awsKeyLength: "static-staging-secret-77".length,
      sawDatabaseUrl: false,
      scheduleUrl: "https://api.staging.example.com",
    });

    const remove = await queueBuild(h.db, h.queue, {
      serviceId: tasks.id,
      stage: "staging",
      kind: "REMOVE",
      trigger: "manual",
      commitSha: await h.repo.head("master"),
    });
    const [removed] = await waitForBuilds(h, [remove.id]);
    expect(removed!.steps.map((s) => [s.name, s.status])).toEqual([
      ["checkout", "SUCCEEDED"],
      ["install", "SUCCEEDED"],
      ["resolve", "SUCCEEDED"],
      ["remove", "SUCCEEDED"],
    ]);
    expect(removed!.log).toContain("removing staging");
    expect(await listOutputs(h.db, h.orgId, "workshop", { stage: "staging", service: "tasks" })).toEqual([]);
  }, 120_000);

  it("asks for a slipway:deploy script when there is none", async () => {
    await h.repo.commitFile(
      "services/tasks/package.json",
      (s) => s.replace(/, "slipway:deploy": "node deploy.js"/, ""),
      "No deploy script",
    );
    const tasks = await h.db.service.findFirstOrThrow({ where: { appId: h.appId, name: "tasks" } });
    const b = await queueBuild(h.db, h.queue, {
      serviceId: tasks.id,
      stage: "staging",
      trigger: "manual",
      commitSha: await h.repo.head("master"),
    });
    const [failed] = await waitForBuilds(h, [b.id]);
    expect(failed!.status).toBe("FAILED");
    expect(failed!.error).toContain('runs the service\'s own "slipway:deploy" script: add it to services/tasks/package.json');
  });
});
