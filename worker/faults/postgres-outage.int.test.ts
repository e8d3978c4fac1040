import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEnv } from "../../server/env";
import { closeDeps, createDeps, type AppDeps } from "../../server/composition";
import { appRouter, createCaller } from "../../server/trpc/root";
import type { Context } from "../../server/trpc/init";
import { checkHealth } from "../../server/health";
import { startWorker, type WorkerHandle } from "../start-worker";
import { migratedPostgres, sleep, type PgCluster } from "./fault-kit";
import { startFaultApp, type FaultApp } from "./fault-app";

/**
 * PostgreSQL stops (a private cluster: the machine's own is never touched). The web answers 503
 * JSON "database unavailable" instead of a stack trace, /api/health says which part is down, the
 * worker stops taking builds — and both come back by themselves when the database does.
 */
let cluster: PgCluster;
let app: FaultApp;
let worker: WorkerHandle;
let ctx: Context;
let deps: AppDeps;

const waitUntil = async (what: string, ok: () => boolean | Promise<boolean>, ms = 30_000) => {
  const until = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
};

beforeAll(async () => {
  cluster = await migratedPostgres();
  app = await startFaultApp({ databaseUrl: cluster.url("slipway"), installMs: 100, testMs: 100 });
  const env = parseEnv({ NODE_ENV: "test", ...app.workerEnv({ BUILD_STALE_MS: "3000" }) });
  deps = createDeps(env, { db: app.db, redis: app.redis, queue: app.queue });
  worker = await startWorker(deps);
  const admin2 = await app.db.user.findUniqueOrThrow({ where: { email: "admin@example.com" } });
  ctx = { ...deps, userId: admin2.id };
}, 120_000);

afterAll(async () => {
  await worker?.close();
  if (deps) await closeDeps(deps);
  await app?.close();
  cluster?.destroy();
});

/** The tRPC endpoint as the web serves it (fetch adapter), with this test's context. */
const http = (path: string) =>
  fetchRequestHandler({
    endpoint: "/api/trpc",
    req: new Request(`http://localhost/api/trpc/${path}`),
    router: appRouter,
    createContext: async () => ctx,
  });

describe("PostgreSQL stopped and started again", () => {
  it("web: 503 JSON 'database unavailable' (no stack) while it is down; answers again when it is back", async () => {
    const caller = createCaller(ctx);
    expect((await caller.apps.list()).length).toBeGreaterThan(0);
    expect(await checkHealth(ctx)).toEqual({ ok: true, database: "up", redis: "up" });

    cluster.stop();
    await expect(caller.apps.list()).rejects.toMatchObject({
      code: "SERVICE_UNAVAILABLE",
      message: "Slipway's database is unavailable; retrying",
    });
    const res = await http("apps.list");
    expect(res.status).toBe(503);
    const body = await res.text();
    expect(JSON.parse(body)).toMatchObject({
      error: { json: { message: "Slipway's database is unavailable; retrying", data: { code: "SERVICE_UNAVAILABLE", httpStatus: 503 } } },
    });
    expect(body).not.toMatch(/\bat \S+ \(|node_modules|ECONNREFUSED|prisma/i);
    const health = await checkHealth(ctx);
    expect(health).toEqual({ ok: false, database: "down", redis: "up", message: "Slipway's database is unavailable; retrying" });

    // The worker noticed too, and takes no builds.
    await waitUntil("the worker to pause", () => worker.isPaused(), 10_000);

    cluster.start();
    await waitUntil("the web to answer again", () =>
      caller.apps.list().then(
        () => true,
        () => false,
      ),
    );
    expect((await http("apps.list")).status).toBe(200);
    expect((await checkHealth(ctx)).ok).toBe(true);
    await waitUntil("the worker to resume", () => !worker.isPaused(), 10_000);

    // And builds run again, with no one restarting anything.
    const build = await app.queue1("dev", await app.commitVersion("after-outage"));
    await waitUntil(
      "the build after the outage",
      async () => {
        const b = await app.db.build.findUniqueOrThrow({ where: { id: build.id } });
        return !["QUEUED", "RUNNING"].includes(b.status);
      },
      60_000,
    );
    const done = await app.db.build.findUniqueOrThrow({ where: { id: build.id } });
    expect([done.status, done.error]).toEqual(["SUCCEEDED", null]);
    const served = await (await fetch(app.serviceUrl("dev"))).json();
    expect(served).toEqual({ version: "after-outage" });
  }, 120_000);
});
