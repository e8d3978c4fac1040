import { spawn, type ChildProcess } from "node:child_process";
import { readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import path from "node:path";
import { test as base } from "@playwright/test";
import { execa } from "execa";
import pg from "pg";
import treeKill from "tree-kill";
import { ensureNextBuild } from "../../scripts/build/ensure-next-build";

/**
 * A brand-new Slipway for journeys that start from nothing: an EMPTY migrated database
 * (`<E2E_DB>_empty`), its own data folder and Redis prefix, `next start` (and, when asked, the worker
 * with its runtime) on free ports. It uses the same `next build` as the demo server. Use it as the
 * worker-scoped fixture `install` of the `test` exported here, or call startEmptyInstall() yourself.
 */
export interface EmptyInstall {
  /** http://localhost:<port> of the web app. */
  url: string;
  /** The worker's runtime (deployed services), when started with `worker: true`. */
  runtimeUrl: string | null;
  dataDir: string;
  databaseUrl: string;
  /** Everything the web process printed so far (stdout and stderr). */
  log(): string;
  /** The setup token, read from the 0600 file the web process wrote into the data folder. */
  setupToken(): Promise<string>;
  stop(): Promise<void>;
}

export interface EmptyInstallOptions {
  /** Start the worker (builds, the runtime for preview links) too. */
  worker?: boolean;
  /** Extra settings for the web app and the worker. */
  env?: Record<string, string>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export async function startEmptyInstall(opts: EmptyInstallOptions = {}): Promise<EmptyInstall> {
  const name = `${process.env.E2E_DB ?? "slipway_e2e"}_empty`;
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`E2E_DB must be a plain database name, got ${name}`);
  await ensureNextBuild({ env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  const admin = new pg.Client({ connectionString: "postgresql://postgres@127.0.0.1:5432/postgres" });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const databaseUrl = `postgresql://postgres@127.0.0.1:5432/${name}`;
  const dataDir = path.join(process.cwd(), ".data", `e2e-${name}`);
  await rm(dataDir, { recursive: true, force: true });
  const [webPort, runtimePort] = [await freePort(), await freePort()];
  const url = `http://localhost:${webPort}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: databaseUrl,
    REDIS_PREFIX: `slipway-e2e-empty-${Date.now()}`,
    SLIPWAY_DATA_DIR: dataDir,
    NEXTAUTH_URL: url,
    RUNTIME_PORT: String(runtimePort),
    RUNTIME_PUBLIC_URL: `http://localhost:${runtimePort}`,
    GIT_POLL_INTERVAL_MS: "1000",
    ...opts.env,
  };
  await execa("npx", ["prisma", "migrate", "deploy"], { env });

  let output = "";
  const children: ChildProcess[] = [];
  const start = (cmd: string[]) => {
    const child = spawn("npx", cmd, { env, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
    children.push(child);
    return child;
  };
  const stop = async () => {
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null || c.signalCode !== null || !c.pid) return resolve();
            c.once("exit", () => resolve());
            treeKill(c.pid, "SIGTERM");
          }),
      ),
    );
  };
  const web = start(["next", "start", "-p", String(webPort)]);
  if (opts.worker) start(["tsx", "worker/main.ts"]);

  const deadline = Date.now() + 120_000;
  for (;;) {
    if (web.exitCode !== null) {
      await stop();
      throw new Error(`next start exited with ${web.exitCode}:\n${output}`);
    }
    if (
      await fetch(`${url}/login`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The empty install did not answer on ${url} within 2 minutes:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return {
    url,
    runtimeUrl: opts.worker ? `http://localhost:${runtimePort}` : null,
    dataDir,
    databaseUrl,
    log: () => output,
    async setupToken() {
      return (await readFile(path.join(dataDir, "setup-token"), "utf8")).trim();
    },
    stop,
  };
}

/** `test` with a worker-scoped `install`: one empty install per spec file run (tests in it share it, in order). */
export const test = base.extend<object, { install: EmptyInstall }>({
  install: [
    async ({}, use) => {
      const install = await startEmptyInstall();
      try {
        await use(install);
      } finally {
        await install.stop();
      }
    },
    { scope: "worker", timeout: 300_000 },
  ],
});
export { expect } from "@playwright/test";
