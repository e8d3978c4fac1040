import http from "node:http";
import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { instanceLabel } from "../../server/domain/deployments/instance-host";
import { toRuntimeConfig } from "../../server/domain/deployments/runtime-config";
import { createTestDb, testRedisPrefix, type TestDb } from "../../scripts/test/test-db";
import type { Runtime } from "./server";
import { cleanup, createDeployment, createInstance, startTestRuntime } from "./testing/fixtures";

/**
 * Instances on hosts of their own (`<label>.localhost`), asked with an explicit Host header as a
 * browser would send it: Node's resolver does not know `*.localhost`, so nothing here follows DNS.
 */
let t: TestDb;
let redis: Redis;
let runtime: Runtime;
let port: number;
const prefix = testRedisPrefix();
const dirs: string[] = [];

const handler = `
exports.echo = async (event) => ({
  statusCode: 200,
  multiValueHeaders: { "set-cookie": [
    "own=1; Path=/",
    "wide=1; Domain=localhost; Path=/",
    "dotted=1; domain=.LOCALHOST",
    "elsewhere=1; Domain=other.example",
  ] },
  body: JSON.stringify({ cookie: event.headers.Cookie ?? event.headers.cookie ?? null, multi: event.multiValueHeaders.Cookie ?? event.multiValueHeaders.cookie ?? null, path: event.path }),
});
exports.v2 = async (event) => ({ cookies: event.cookies ?? [], cookieHeader: event.headers.cookie ?? null });
`;

function get(host: string, pathname: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path: pathname, headers: { host, ...headers } }, (res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

const UPPER = { orgSlug: "acme", appSlug: "workshop", stage: "Review-A", serviceName: "restapi" };
const DASHBOARD_COOKIES =
  "next-auth.session-token=SESSION; __Secure-next-auth.session-token.0=CHUNK; next-auth.csrf-token=CSRF; __Host-next-auth.csrf-token=HOSTCSRF; next-auth.callback-url=CB; theirs=kept";

beforeAll(async () => {
  t = await createTestDb();
  redis = new Redis("redis://127.0.0.1:6379", { maxRetriesPerRequest: null });
  const dir = await mkdtemp(path.join(os.tmpdir(), "slipway-origin-"));
  dirs.push(dir);
  await writeFile(path.join(dir, "index.js"), handler);
  const config = toRuntimeConfig({
    service: "restapi",
    provider: { name: "aws" },
    functions: {
      echo: { handler: "index.echo", events: [{ http: "GET echo" }] },
      v2: { handler: "index.v2", events: [{ httpApi: "GET /v2" }] },
    },
  });
  const staging = await createInstance(t.db);
  const upper = await t.db.serviceInstance.create({
    data: { appId: staging.appId, serviceId: staging.serviceId, stage: UPPER.stage, region: "eu-west-1" },
  });
  for (const i of [staging, upper]) {
    const d = await createDeployment(t.db, i.id, dir, config);
    await t.db.serviceInstance.update({ where: { id: i.id }, data: { currentDeploymentId: d.id } });
  }
  runtime = await startTestRuntime({
    db: t.db,
    redis,
    prefix,
    address: { publicUrl: "http://localhost:4000", domain: "localhost" },
    dashboardUrl: "http://localhost:3000",
  });
  port = Number(new URL(runtime.url).port);
});

afterAll(async () => {
  await runtime?.close();
  await cleanup(redis, prefix, dirs);
  await redis?.quit();
  await t?.drop();
});

describe("instances on their own origin", () => {
  it("serves an instance at <stage>--<service>--<app>--<org>.localhost, paths from the root", async () => {
    const res = await get(`staging--restapi--workshop--acme.localhost:${port}`, "/echo");
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).path).toBe("/echo");
  });

  it("serves a stage a host cannot spell (upper case) at its hashed label, and nothing at the lower-cased spelling", async () => {
    const label = instanceLabel(UPPER);
    expect(label).toMatch(/^review-a--[0-9a-f]{16}$/);
    expect((await get(`${label}.localhost:${port}`, "/echo")).status).toBe(200);
    const lowered = await get(`review-a--restapi--workshop--acme.localhost:${port}`, "/echo");
    expect(lowered.status).toBe(404);
    expect(JSON.parse(lowered.body).message).toBe("No instance at review-a--restapi--workshop--acme");
  });

  it("moves old path-style links for good (308) to the instance's host, keeping path, query and port", async () => {
    const res = await get(`localhost:${port}`, "/acme/workshop/staging/restapi/echo?a=1&b=2");
    expect(res.status).toBe(308);
    expect(res.headers.location).toBe(`http://staging--restapi--workshop--acme.localhost:${port}/echo?a=1&b=2`);
    const upper = await get(`localhost:${port}`, "/acme/workshop/Review-A/restapi/echo");
    expect(upper.headers.location).toBe(`http://${instanceLabel(UPPER)}.localhost:${port}/echo`);
  });

  it("keeps the control endpoints off instance hosts", async () => {
    expect((await get(`localhost:${port}`, "/_slipway/health")).status).toBe(200);
    const onInstance = await get(`staging--restapi--workshop--acme.localhost:${port}`, "/_slipway/health");
    expect(onInstance.status).toBe(404);
    expect(JSON.parse(onInstance.body).message).toMatch(/^No route GET \/_slipway\/health/);
  });

  it("never hands the dashboard's cookies to a handler (v1 and v2 events), and keeps the others", async () => {
    const v1 = JSON.parse((await get(`staging--restapi--workshop--acme.localhost:${port}`, "/echo", { cookie: DASHBOARD_COOKIES })).body);
    expect(v1.cookie).toBe("theirs=kept");
    expect(v1.multi).toEqual(["theirs=kept"]);
    const v2 = JSON.parse((await get(`staging--restapi--workshop--acme.localhost:${port}`, "/v2", { cookie: DASHBOARD_COOKIES })).body);
    expect(v2.cookies).toEqual(["theirs=kept"]);
    const onlyDashboard = JSON.parse(
      (await get(`staging--restapi--workshop--acme.localhost:${port}`, "/echo", { cookie: "next-auth.session-token=S" })).body,
    );
    expect(onlyDashboard.cookie).toBeNull();
  });

  it("drops a handler's Set-Cookie whose Domain covers the dashboard's host; host-only and unrelated ones pass", async () => {
    const res = await get(`staging--restapi--workshop--acme.localhost:${port}`, "/echo");
    expect(res.headers["set-cookie"]).toEqual(["own=1; Path=/", "elsewhere=1; Domain=other.example"]);
  });
});
