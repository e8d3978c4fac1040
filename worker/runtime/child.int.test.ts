import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toRuntimeConfig } from "../../server/domain/deployments/runtime-config";
import { testRedisPrefix } from "../../scripts/test/test-db";
import { createPool, InvocationError, type DeploymentSpec, type Pool } from "./pool";

let redis: Redis;
let pool: Pool;
let dir: string;
const prefix = testRedisPrefix();

const spec = (id: string, functions: Record<string, unknown>): DeploymentSpec => ({
  id,
  instanceId: `inst-${id}`,
  artifactPath: dir,
  stage: "dev",
  region: "us-east-1",
  config: toRuntimeConfig({ service: "svc", provider: { environment: { WHO: "esm" } }, functions }),
});

beforeAll(async () => {
  redis = new Redis("redis://127.0.0.1:6379");
  pool = createPool({ redis, prefix });
  dir = await mkdtemp(path.join(os.tmpdir(), "slipway-child-"));
  await mkdir(path.join(dir, "src/handlers"), { recursive: true });
  // A "type": "module" package: its .js files are ESM, which require() refuses and import() loads.
  await writeFile(path.join(dir, "package.json"), JSON.stringify({ type: "module" }));
  await writeFile(path.join(dir, "src/handlers/api.js"), "export const main = async (event) => ({ who: process.env.WHO, got: event });");
  await writeFile(path.join(dir, "cjs.cjs"), "exports.cb = (event, context, cb) => setTimeout(() => cb(null, context.functionName), 5);");
  await writeFile(
    path.join(dir, "crash.mjs"),
    "export const main = () => { setTimeout(() => { throw new Error('async crash'); }, 1); return new Promise(() => {}); };",
  );
});

afterAll(async () => {
  await pool?.close();
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  await redis?.quit();
  await rm(dir, { recursive: true, force: true });
});

describe("child.cjs", () => {
  it("loads ESM handlers in nested folders and callback-style CommonJS handlers", async () => {
    const d = spec("d1", { api: { handler: "src/handlers/api.main" }, cb: { handler: "cjs.cb" } });
    await pool.prepare(d);
    expect(await pool.invoke(d, "api", { n: 1 })).toEqual({ who: "esm", got: { n: 1 } });
    expect(await pool.invoke(d, "cb", {})).toBe("svc-dev-cb");
  });

  it("names the missing module or export", async () => {
    await expect(pool.prepare(spec("d2", { f: { handler: "nothere.main" } }))).rejects.toThrow(
      "Handler 'nothere.main' not found: no nothere.js, nothere.mjs or nothere.cjs in the deployment",
    );
    await expect(pool.prepare(spec("d3", { f: { handler: "src/handlers/api.nope" } }))).rejects.toThrow(
      "Handler 'src/handlers/api.nope' not found: src/handlers/api.js has no export 'nope'",
    );
    await expect(pool.prepare(spec("d4", { f: { handler: "../outside.main" } }))).rejects.toThrow("points outside the deployment");
  });

  it("reports a crashed child as an error and starts a fresh one on the next invoke", async () => {
    const d = spec("d5", { f: { handler: "crash.main" } });
    const err = await pool.invoke(d, "f", {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvocationError);
    expect(err).toMatchObject({ kind: "crash", errorType: "Runtime.ExitError" });
    await expect(pool.invoke(d, "f", {})).rejects.toMatchObject({ kind: "crash" });
  });
});
