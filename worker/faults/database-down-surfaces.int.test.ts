import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testRedisPrefix } from "../../scripts/test/test-db";
import { migratedPostgres, type PgCluster } from "./fault-kit";

/**
 * Every web surface reads the one error table (server/http/error-table.ts): with PostgreSQL stopped
 * (a private cluster), tRPC, /api/v1 and the webhooks all answer 503 "database unavailable" — the
 * same request answered normally a moment before — and none of them leaks a stack or driver text.
 */
let cluster: PgCluster;
let dataDir: string;
let token: string;
let userId: string;
let modules: Awaited<ReturnType<typeof load>>;

const load = async () => ({
  me: await import("../../app/api/v1/me/route"),
  gitHook: await import("../../app/api/webhooks/git/route"),
  root: await import("../../server/trpc/root"),
  composition: await import("../../server/composition"),
});

beforeAll(async () => {
  cluster = await migratedPostgres();
  dataDir = mkdtempSync(path.join(os.tmpdir(), "slipway-db-down-"));
  // The route modules read configuration through getEnv(): set it before the first import.
  Object.assign(process.env, {
    DATABASE_URL: cluster.url("slipway"),
    REDIS_PREFIX: testRedisPrefix(),
    SLIPWAY_DATA_DIR: dataDir,
    NODE_ENV: "test",
  });
  modules = await load();
  const { db } = modules.composition.appDeps();
  const org = await db.org.create({ data: { slug: "acme", name: "Acme" } });
  const user = await db.user.create({ data: { email: "admin@example.com", name: "Admin", passwordHash: "x" } });
  await db.membership.create({ data: { orgId: org.id, userId: user.id, role: "ADMIN" } });
  userId = user.id;
  const { createToken } = await import("../../server/domain/tokens/create-token");
  token = (await createToken(db, { orgId: org.id, userId }, "automation")).token;
}, 120_000);

afterAll(async () => {
  const deps = modules?.composition.appDeps();
  if (deps) await modules.composition.closeDeps(deps);
  await deps?.db.$disconnect();
  cluster?.destroy();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const trpc = () =>
  fetchRequestHandler({
    endpoint: "/api/trpc",
    req: new Request("http://localhost/api/trpc/apps.list"),
    router: modules.root.appRouter,
    createContext: async () => ({ ...modules.composition.appDeps(), userId }),
  });
const v1 = () => modules.me.GET(new Request("http://localhost/api/v1/me", { headers: { authorization: `Bearer ${token}` } }));
const webhook = () =>
  modules.gitHook.POST(
    new Request("http://localhost/api/webhooks/git?app=acme/shop", { method: "POST", body: JSON.stringify({ ref: "refs/heads/main" }) }),
  );

const LEAKS = /\bat \S+ \(|node_modules|ECONNREFUSED|prisma|P1001|127\.0\.0\.1/i;

describe("PostgreSQL stopped: one answer on every surface", () => {
  it("tRPC, /api/v1 and a webhook answer normally, then 503 'database unavailable' without internals", async () => {
    expect((await trpc()).status).toBe(200);
    expect((await v1()).status).toBe(200);
    const before = await webhook();
    expect(before.status).toBe(404); // it read the database: no such app
    expect(await before.json()).toEqual({ error: "No such app." });

    cluster.stop();

    const t = await trpc();
    expect(t.status).toBe(503);
    const tBody = await t.text();
    expect(JSON.parse(tBody)).toMatchObject({
      error: { json: { message: "Slipway's database is unavailable; retrying", data: { code: "SERVICE_UNAVAILABLE", httpStatus: 503 } } },
    });
    expect(tBody).not.toMatch(LEAKS);

    const a = await v1();
    expect(a.status).toBe(503);
    const aBody = await a.text();
    expect(JSON.parse(aBody)).toEqual({ error: { code: "UNAVAILABLE", message: "Slipway's database is unavailable; retrying" } });
    expect(aBody).not.toMatch(LEAKS);

    const w = await webhook();
    expect(w.status).toBe(503);
    const wBody = await w.text();
    expect(JSON.parse(wBody)).toEqual({ error: "Slipway's database is unavailable; retrying" });
    expect(wBody).not.toMatch(LEAKS);
  });
});
