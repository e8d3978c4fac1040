import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { instanceUrl } from "../../server/domain/deployments/instance-url";
import { toRuntimeConfig } from "../../server/domain/deployments/runtime-config";
import { createTestDb, testRedisPrefix, type TestDb } from "../../scripts/test/test-db";
import { publishInstanceChanged } from "./instance-lookup";
import { createRuntimeClient } from "../../server/runtime/contract";
import { readInvocationLogs } from "./pool";
import type { Runtime } from "./server";
import { cleanup, createDeployment, createInstance, serverlessYml, writeArtifact, startTestRuntime } from "./testing/fixtures";

let t: TestDb;
let redis: Redis;
let runtime: Runtime;
let base: string;
const prefix = testRedisPrefix();
const dirs: string[] = [];
let instanceId: string;
let d1: string, d2: string, broken: string;

beforeAll(async () => {
  t = await createTestDb();
  redis = new Redis("redis://127.0.0.1:6379", { maxRetriesPerRequest: null });
  const instance = await createInstance(t.db);
  instanceId = instance.id;
  const [a1, a2] = [await writeArtifact("v1"), await writeArtifact("v2")];
  dirs.push(a1, a2);
  d1 = (await createDeployment(t.db, instanceId, a1)).id;
  d2 = (await createDeployment(t.db, instanceId, a2)).id;
  broken = (await createDeployment(t.db, instanceId, a2, toRuntimeConfig(serverlessYml("index.nope")))).id;
  await t.db.serviceInstance.update({ where: { id: instanceId }, data: { currentDeploymentId: d1 } });
  runtime = await startTestRuntime({
    db: t.db,
    redis,
    prefix,
    graceMs: 200,
  });
  base = instanceUrl(
    { publicUrl: runtime.url, domain: "localhost" },
    { orgSlug: "acme", appSlug: "workshop", stage: "staging", serviceName: "restapi" },
  );
});

afterAll(async () => {
  await runtime?.close();
  await cleanup(redis, prefix, dirs);
  await redis?.quit();
  await t?.drop();
});

const getJson = async (url: string, init?: RequestInit) => {
  const res = await fetch(url, init);
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
};

describe("local runtime", () => {
  it("serves a GET with the function's environment, and only that environment", async () => {
    const { status, body, headers } = await getJson(`${base}/hello`);
    expect(status).toBe(200);
    expect(headers.get("x-slipway-deployment")).toBe(d1);
    expect(body).toMatchObject({ version: "v1", greeting: "hi from env", path: "/hello", fn: "restapi-staging-hello", cwd: dirs[0] });
    expect(body.remaining).toBeGreaterThan(0);
    expect(body.envKeys).toEqual([
      "AWS_DEFAULT_REGION",
      "AWS_LAMBDA_FUNCTION_NAME",
      "AWS_LAMBDA_FUNCTION_TIMEOUT",
      "AWS_REGION",
      "GREETING",
      "LAMBDA_TASK_ROOT",
      "LANG",
      "PATH",
      "TZ",
    ]);
  });

  it("passes path parameters and the query string in a v1 event", async () => {
    const { body } = await getJson(`${base}/users/42?q=a&q=b&x=1`);
    expect(body).toMatchObject({
      resource: "/users/{id}",
      path: "/users/42",
      pathParameters: { id: "42" },
      query: { q: "b", x: "1" },
      multiQuery: { q: ["a", "b"], x: ["1"] },
    });
  });

  it("gives httpApi functions a v2 event and turns a bare object into 200 JSON", async () => {
    const { status, body } = await getJson(`${base}/v2/7?a=1&a=2`, { method: "PUT", body: "payload" });
    expect(status).toBe(200);
    expect(body).toEqual({
      version: "2.0",
      routeKey: "ANY /v2/{id}",
      rawPath: "/v2/7",
      rawQueryString: "a=1&a=2",
      method: "PUT",
      id: "7",
      body: "payload",
    });
  });

  it("answers 502 when the handler throws, and keeps serving", async () => {
    const { status, body } = await getJson(`${base}/boom`);
    expect(status).toBe(502);
    expect(body).toMatchObject({ message: "Internal server error", errorMessage: "kaboom" });
    expect((await fetch(`${base}/hello`)).status).toBe(200);
  });

  it("answers 502 for a response Node cannot send (a header with a newline), and keeps serving", async () => {
    const { status, body } = await getJson(`${base}/bad`);
    expect(status).toBe(502);
    expect(body.message).toContain("Malformed Lambda proxy response");
    expect((await fetch(`${base}/hello`)).status).toBe(200);
  });

  it("answers 504 after the function's timeout, kills it, and the next call works", async () => {
    const started = Date.now();
    const { status, body } = await getJson(`${base}/slow`);
    expect(status).toBe(504);
    expect(body.errorMessage).toBe("Task timed out after 1.00 seconds");
    expect(Date.now() - started).toBeLessThan(3000);
    const next = await fetch(`${base}/slow?fast=1`);
    expect(next.status).toBe(200);
    expect(await next.text()).toBe("fast");
  });

  it("says what exists when nothing matches", async () => {
    const noInstance = await getJson(
      instanceUrl(
        { publicUrl: runtime.url, domain: "localhost" },
        { orgSlug: "acme", appSlug: "workshop", stage: "staging", serviceName: "nope" },
      ),
    );
    expect(noInstance).toMatchObject({ status: 404, body: { message: "No instance at staging--nope--workshop--acme" } });
    const noRoute = await getJson(`${base}/x`);
    expect(noRoute.status).toBe(404);
    expect(noRoute.body.message).toBe(
      "No route GET /x; routes: GET /bad, GET /boom, POST /cb, GET /hello, GET /slow, GET /users/{id}, ANY /v2/{id}",
    );
  });

  it("answers CORS preflights and adds the allow-origin header for routes that declare cors", async () => {
    const pre = await fetch(`${base}/cb`, { method: "OPTIONS", headers: { origin: "https://review.example" } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-origin")).toBe("*");
    expect(pre.headers.get("access-control-allow-methods")).toContain("POST");
    const res = await fetch(`${base}/cb`, { method: "POST", body: "it", headers: { origin: "https://review.example" } });
    expect(res.status).toBe(201);
    expect(await res.text()).toBe("made it");
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect((await fetch(`${base}/hello`)).headers.get("access-control-allow-origin")).toBeNull();
  });

  it("switches to a prepared deployment as soon as instance-changed is published", async () => {
    await runtime.prepare(d2);
    expect((await getJson(`${base}/hello`)).body.version).toBe("v1"); // cached now
    await t.db.serviceInstance.update({ where: { id: instanceId }, data: { currentDeploymentId: d2 } });
    const switched = Date.now();
    await publishInstanceChanged(redis, prefix, instanceId);
    let version: unknown;
    while (Date.now() - switched < 2000 && version !== "v2") version = (await getJson(`${base}/hello`)).body.version;
    expect(version).toBe("v2");
    // Well inside the lookup cache's 1 s: the message, not the expiry, made the switch.
    expect(Date.now() - switched).toBeLessThan(500);
  });

  it("rejects preparing a deployment whose handler is missing, and the current one keeps serving", async () => {
    const children = runtime.pool.size();
    await expect(runtime.prepare(broken)).rejects.toThrow("Handler 'index.nope' not found: index.js has no export 'nope'");
    expect(runtime.pool.size()).toBeLessThanOrEqual(children);
    // Through the contract every process uses (a prepare-deployment job this runtime consumes): the load error comes back.
    const client = createRuntimeClient({ redis, prefix, timeoutMs: 20_000 });
    try {
      await expect(client.prepare(broken)).rejects.toThrow("Handler 'index.nope' not found: index.js has no export 'nope'");
      await expect(client.prepare(d2)).resolves.toBeUndefined();
    } finally {
      await client.close();
    }
    // There is no HTTP way to make the runtime start user code.
    expect((await fetch(`${runtime.url}/_slipway/prepare/${broken}`, { method: "POST" })).status).toBe(404);
    expect((await getJson(`${base}/hello`)).body.version).toBe("v2");
  });

  it("stops the superseded deployment's children after the grace period", async () => {
    await new Promise((r) => setTimeout(r, 400));
    const health = await getJson(`${runtime.url}/_slipway/health`);
    // Only v2's functions remain warm (every function of v2 was prepared).
    expect(health.body).toEqual({ ok: true, children: 7 });
  });

  it("captures what handlers print as the instance's invocation log", async () => {
    await runtime.pool.flushLogs();
    const lines = await readInvocationLogs(redis, prefix, instanceId, 500);
    expect(lines.some((l) => l.fn === "hello" && l.stream === "stdout" && l.line.includes("hello called /hello"))).toBe(true);
    expect(lines.some((l) => l.fn === "boom" && l.stream === "stderr" && l.line.includes("kaboom"))).toBe(true);
    expect(lines.some((l) => l.fn === "slow" && l.stream === "runtime" && l.line.includes("Task timed out"))).toBe(true);
    expect(lines.every((l) => typeof l.ts === "number")).toBe(true);
  });
});
