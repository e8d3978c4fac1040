import { mkdtemp, mkdir, rm, symlink, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toRuntimeConfig } from "../../server/domain/deployments/runtime-config";
import { testRedisPrefix } from "../../scripts/test/test-db";
import { createPool, type DeploymentSpec, type Pool } from "./pool";

/** aws-sdk v2 reads no endpoint from the environment: child.cjs configures whichever copy a handler loads. */
const ENDPOINT = "http://127.0.0.1:4999";
let redis: Redis;
let pool: Pool;
const dirs: string[] = [];
const prefix = testRedisPrefix();
const slipwayModules = path.dirname(path.dirname(createRequire(import.meta.url).resolve("aws-sdk/package.json")));

async function artifact(files: Record<string, string>, bundleSdk: boolean) {
  const dir = await mkdtemp(path.join(os.tmpdir(), "slipway-sdk-"));
  dirs.push(dir);
  for (const [f, c] of Object.entries(files)) await writeFile(path.join(dir, f), c);
  if (bundleSdk) {
    await mkdir(path.join(dir, "node_modules"));
    await symlink(path.join(slipwayModules, "aws-sdk"), path.join(dir, "node_modules", "aws-sdk"), "dir");
  }
  return dir;
}

const spec = (id: string, dir: string): DeploymentSpec => ({
  id,
  instanceId: `inst-${id}`,
  artifactPath: dir,
  stage: "dev",
  region: "us-east-1",
  config: { ...toRuntimeConfig({ service: "svc", functions: { f: { handler: "h.main" } } }), cloud: { accountId: "111111111111" } },
});

const READ = `const ddb = new AWS.DynamoDB.DocumentClient(); const s3 = new AWS.S3();
  return { dynamo: ddb.service.endpoint.href, s3: s3.endpoint.href, pathStyle: s3.config.s3ForcePathStyle };`;

beforeAll(async () => {
  redis = new Redis("redis://127.0.0.1:6379");
  // The bundled copy is a link into Slipway's install: bound read-only, as cloudEnv binds it, or the sandboxed child cannot follow it.
  pool = createPool({
    redis,
    prefix,
    reservedEnv: () => ({ env: { SLIPWAY_LOCAL_CLOUD_URL: ENDPOINT, NODE_PATH: "" }, secrets: [], readOnly: [slipwayModules] }),
  });
});

afterAll(async () => {
  await pool?.close();
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  await redis?.quit();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe("aws-sdk v2 in a handler child", () => {
  it("is pointed at the local cloud when a CommonJS handler requires it", async () => {
    const dir = await artifact({ "h.js": `const AWS = require("aws-sdk"); exports.main = async () => { ${READ} };` }, true);
    expect(await pool.invoke(spec("cjs", dir), "f", {})).toEqual({ dynamo: `${ENDPOINT}/`, s3: `${ENDPOINT}/`, pathStyle: true });
  });

  it("is pointed at the local cloud when an ES module imports the copy it bundles", async () => {
    const dir = await artifact({ "h.mjs": `import AWS from "aws-sdk"; export const main = async () => { ${READ} };` }, true);
    expect(await pool.invoke(spec("esm", dir), "f", {})).toEqual({ dynamo: `${ENDPOINT}/`, s3: `${ENDPOINT}/`, pathStyle: true });
  });
});
