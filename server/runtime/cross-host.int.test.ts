import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import http from "node:http";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import type { Redis } from "ioredis";
import { chromium, type Browser } from "playwright-core";
import S3rver from "s3rver";
import treeKill from "tree-kill";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDb, testRedisPrefix, type TestDb } from "../../scripts/test/test-db";
import { createWorkshopRepo, type WorkshopRepo } from "../../scripts/demo/workshop-repo";
import { DEMO_PASSWORD, seedDemo } from "../../scripts/demo/seed";
import { createCipher } from "../domain/secrets/cipher";
import { createRedis } from "../redis";
import { parseEnv } from "../env";
import { createBuildQueue, type BuildQueue } from "../queue";
import { pollRepository } from "../domain/triggers/poll-repository";
import { handleBranchPush, type TriggerDeps } from "../domain/triggers/handle-branch";
import { instanceLabel } from "../domain/deployments/instance-host";
import { ensureNextBuild } from "../../scripts/build/ensure-next-build";

/**
 * Web, worker and runtime as three processes that share nothing but PostgreSQL, Redis and the
 * artifact store (S3, here s3rver on loopback): each has its own data folder, the runtime listens on
 * another loopback address (127.0.0.2) than the web app's RUNTIME_HOST, and the worker embeds no
 * runtime. The worker builds and deploys prod twice; the runtime serves it from artifacts it
 * fetched from S3; an instant rollback pressed in the web app (Chromium) switches what it serves.
 */
const ROOT = process.cwd();
const RUNTIME_IP = "127.0.0.2";
const BUCKET = "slipway-cross-host";

let t: TestDb;
let redis: Redis;
let queue: BuildQueue;
let s3: S3rver;
let repo: WorkshopRepo;
let browser: Browser | null = null;
let appId: string;
let deps: TriggerDeps;
let tmp: string;
let webUrl: string;
let runtimePort: number;
const dirs = { web: "", worker: "", runtime: "", git: "" };
const procs: { name: string; child: ChildProcess; out: string }[] = [];
const prefix = testRedisPrefix();

async function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer().once("error", reject);
    srv.listen(0, host, () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

function start(name: string, script: string, env: NodeJS.ProcessEnv) {
  const child = spawn("npx", ["tsx", script], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  const p = { name, child, out: "" };
  child.stdout!.on("data", (d: Buffer) => (p.out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (p.out += d.toString()));
  procs.push(p);
  return p;
}

async function waitUntil<T>(what: string, fn: () => Promise<T | null | false | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const p of procs)
      if (p.child.exitCode !== null)
        throw new Error(`${p.name} exited (${p.child.exitCode}) while waiting for ${what}:\n${p.out.slice(-3000)}`);
    const v = await fn().catch(() => null);
    if (v) return v;
    if (Date.now() > deadline)
      throw new Error(`Timed out waiting for ${what}\n${procs.map((p) => `--- ${p.name}\n${p.out.slice(-2000)}`).join("\n")}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** GET on an instance's own host, sent to the runtime's address (as a DNS name for *.localhost would). */
function getInstance(stage: string, service: string, pathname: string): Promise<{ status: number; body: string; deployment: string }> {
  const host = `${instanceLabel({ orgSlug: "acme", appSlug: "workshop", stage, serviceName: service })}.localhost:${runtimePort}`;
  return new Promise((resolve, reject) => {
    const req = http.get({ host: RUNTIME_IP, port: runtimePort, path: pathname, headers: { host, accept: "application/json" } }, (res) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, deployment: String(res.headers["x-slipway-deployment"] ?? "") }));
    });
    req.on("error", reject);
    req.setTimeout(20_000, () => req.destroy(new Error("timeout")));
  });
}
const prodGreeting = async () => {
  const r = await getInstance("prod", "restapi", "/submit");
  return r.status === 200 ? { message: (JSON.parse(r.body) as { message: string }).message, deployment: r.deployment } : null;
};

async function deployProd(trigger: string) {
  const builds = await handleBranchPush(deps, appId, "prod", await repo.head("prod"), trigger);
  expect(builds.length).toBeGreaterThan(0);
  const ids = builds.map((b) => b.id);
  const done = await waitUntil(
    `prod builds ${ids.join(", ")}`,
    async () => {
      const rows = await t.db.build.findMany({ where: { id: { in: ids } }, include: { service: true } });
      return rows.every((b) => !["QUEUED", "RUNNING"].includes(b.status)) ? rows : null;
    },
    300_000,
  );
  for (const b of done) expect({ service: b.service.name, status: b.status, error: b.error }).toMatchObject({ status: "SUCCEEDED" });
}

beforeAll(async () => {
  await ensureNextBuild({ root: ROOT, env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  tmp = await mkdtemp(path.join(os.tmpdir(), "slipway-cross-host-"));
  for (const k of Object.keys(dirs) as (keyof typeof dirs)[]) dirs[k] = await mkdtemp(path.join(tmp, `${k}-`));
  s3 = new S3rver({ address: "127.0.0.1", port: 0, directory: path.join(tmp, "s3"), silent: true, vhostBuckets: false });
  const s3Endpoint = `http://127.0.0.1:${(await s3.run()).port}`;

  t = await createTestDb();
  redis = createRedis("redis://127.0.0.1:6379");
  queue = createBuildQueue(redis, prefix);
  const encryptionKey = randomBytes(32).toString("base64");
  const cipher = createCipher(encryptionKey);
  repo = await createWorkshopRepo(path.join(dirs.git, "repos"));
  appId = (await seedDemo(t.db, cipher, repo.bareDir)).appId!;
  // The test process's own mirrors (it polls and pushes like a web process would) live in its folder.
  const env = parseEnv({
    NODE_ENV: "test",
    DATABASE_URL: t.url,
    REDIS_PREFIX: prefix,
    SLIPWAY_DATA_DIR: dirs.git,
    SLIPWAY_ENCRYPTION_KEY: encryptionKey,
  });
  deps = { db: t.db, queue, cipher, env };

  const [webPort, rtPort] = [await freePort("127.0.0.1"), await freePort(RUNTIME_IP)];
  runtimePort = rtPort;
  webUrl = `http://localhost:${webPort}`;
  const { NODE_ENV: _test, ...inherited } = process.env;
  const common: NodeJS.ProcessEnv = {
    ...inherited,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: t.url,
    REDIS_URL: "redis://127.0.0.1:6379",
    REDIS_PREFIX: prefix,
    NEXTAUTH_URL: webUrl,
    NEXTAUTH_SECRET: randomBytes(24).toString("hex"),
    SLIPWAY_ENCRYPTION_KEY: encryptionKey,
    SLIPWAY_ALLOW_LOCAL_REPOS: "on",
    GIT_POLL_INTERVAL_MS: "0",
    RUNTIME_PORT: String(rtPort),
    RUNTIME_PUBLIC_URL: `http://localhost:${rtPort}`,
    ARTIFACT_STORE: "s3",
    ARTIFACT_S3_ENDPOINT: s3Endpoint,
    ARTIFACT_S3_BUCKET: BUCKET,
    ARTIFACT_S3_ACCESS_KEY_ID: "S3RVER",
    ARTIFACT_S3_SECRET_ACCESS_KEY: "S3RVER",
  };
  const runtime = start("runtime", "worker/runtime/main.ts", { ...common, SLIPWAY_DATA_DIR: dirs.runtime, RUNTIME_HOST: RUNTIME_IP });
  start("worker", "worker/main.ts", { ...common, SLIPWAY_DATA_DIR: dirs.worker, RUNTIME_EMBEDDED: "off" });
  // The web app's RUNTIME_HOST:RUNTIME_PORT (127.0.0.1) has nothing listening: it must not need it.
  start("web", "scripts/web-server.ts", { ...common, SLIPWAY_DATA_DIR: dirs.web, PORT: String(webPort), RUNTIME_HOST: "127.0.0.1" });
  await waitUntil("the runtime", async () => runtime.out.includes("[runtime] listening"), 60_000);
  await waitUntil("the web app", async () => (await fetch(`${webUrl}/login`)).ok, 120_000);
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"],
  });
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all(
    procs.map(
      (p) =>
        new Promise<void>((resolve) => {
          if (p.child.exitCode !== null || p.child.signalCode !== null || !p.child.pid) return resolve();
          const kill = setTimeout(() => treeKill(p.child.pid!, "SIGKILL"), 20_000);
          p.child.once("exit", () => (clearTimeout(kill), resolve()));
          treeKill(p.child.pid, "SIGTERM");
        }),
    ),
  );
  await queue?.close();
  if (redis) {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  }
  await s3?.close();
  await t?.drop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
}, 120_000);

it("a deploy built by the worker is served by the runtime on another address, and an instant rollback pressed in the web app switches it", async () => {
  await pollRepository(deps, appId);
  await deployProd("manual");
  const v1 = await waitUntil("prod v1 served", prodGreeting, 30_000);
  expect(v1.message).toBe("Hello from restapi");

  await repo.commitFile(
    "services/restapi/handler.js",
    (s) => s.replace(/const GREETING = ".*";/, 'const GREETING = "restapi v2";'),
    "restapi: v2",
    "prod",
  );
  await deployProd("push");
  const v2 = await waitUntil(
    "prod v2 served",
    async () => ((await prodGreeting())?.message === "restapi v2" ? prodGreeting() : null),
    30_000,
  );
  expect(v2!.deployment).not.toBe(v1.deployment);

  // What crossed: the artifacts are in S3, the runtime fetched them into its own cache, the web app holds none.
  const stored = await t.db.deployment.findMany({ where: { id: { in: [v1.deployment, v2!.deployment] } } });
  for (const d of stored) expect(d.artifactPath).toBe(`s3://${BUCKET}/deployments/${d.id}.tar.gz`);
  expect(await readdir(path.join(dirs.runtime, "artifact-cache"))).toEqual(expect.arrayContaining([v1.deployment, v2!.deployment]));
  expect(existsSync(path.join(dirs.web, "deployments"))).toBe(false);
  expect(existsSync(path.join(dirs.web, "artifact-cache"))).toBe(false);

  const page = await browser!.newPage({ baseURL: webUrl });
  await page.goto("/login");
  await page.getByTestId("login-email").fill("po@example.com");
  await page.getByTestId("login-password").fill(DEMO_PASSWORD);
  await page.getByTestId("login-submit").click();
  await page.getByTestId("org-name").waitFor({ timeout: 30_000 });
  await page.goto("/apps/workshop");
  await page.getByTestId("app-release-link").click();
  await page.getByTestId("rollback-open-restapi").click();
  await page.getByTestId("rollback-mode-instant").check();
  await page.getByTestId("rollback-note").fill("cross-host rollback");
  const pressed = performance.now();
  await page.getByTestId("rollback-confirm").click();
  await page.getByTestId("release-instance-prod-restapi").getByTestId("pinned").waitFor({ timeout: 60_000 });

  const back = await waitUntil(
    "prod v1 served again",
    async () => ((await prodGreeting())?.message === "Hello from restapi" ? prodGreeting() : null),
    5_000,
  );
  expect(back!.deployment).toBe(v1.deployment);
  const release = await t.db.release.findFirstOrThrow({ where: { appId, kind: "ROLLBACK_INSTANT" } });
  expect(release).toMatchObject({ status: "SUCCEEDED", targetDeploymentId: v1.deployment });
  console.log(
    `[cross-host] instant rollback through Redis: switch ${release.switchMs} ms, old version served ${Math.round(performance.now() - pressed)} ms after the click`,
  );
  await page.close();
}, 900_000);
