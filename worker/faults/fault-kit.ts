import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

/**
 * Real processes for fault tests: the worker as its own OS process (so SIGKILL is a real crash),
 * a private redis-server and a private PostgreSQL cluster (so killing them never touches the
 * machine's shared ones other tests use).
 */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface ChildWorker {
  proc: ChildProcess;
  pid: number;
  output: () => string;
  exited: Promise<number | null>;
  /** Resolves once the worker printed "ready". */
  ready: Promise<void>;
}

/** `tsx worker/main.ts` as one OS process (node --import tsx, so the pid is the worker itself, not a wrapper). */
export function spawnWorker(env: Record<string, string>): ChildWorker {
  const proc = spawn(process.execPath, ["--import", "tsx", "worker/main.ts"], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/root", NODE_ENV: "test", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let onReady: () => void;
  let onFail: (e: Error) => void;
  const ready = new Promise<void>((res, rej) => ((onReady = res), (onFail = rej)));
  const take = (d: Buffer) => {
    out += d.toString();
    if (out.length > 200_000) out = out.slice(-100_000);
    if (/\] .* ready/.test(out)) onReady();
  };
  proc.stdout!.on("data", take);
  proc.stderr!.on("data", take);
  const exited = new Promise<number | null>((r) => proc.once("exit", (code) => r(code)));
  void exited.then((code) => onFail(new Error(`worker exited (${code}) before ready:\n${out.slice(-2000)}`)));
  ready.catch(() => {});
  return { proc, pid: proc.pid!, output: () => out, exited, ready };
}

export interface RedisServer {
  url: string;
  port: number;
  start(): Promise<void>;
  /** SIGKILL: an outage that loses everything (no persistence). */
  crash(): Promise<void>;
}

/** A private `redis-server` with no persistence: a restart forgets every stream and queue. */
export async function privateRedis(): Promise<RedisServer> {
  const port = await freePort();
  let proc: ChildProcess | null = null;
  const server: RedisServer = {
    port,
    url: `redis://127.0.0.1:${port}`,
    async start() {
      proc = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
        stdio: "ignore",
      });
      for (let i = 0; i < 100; i++) {
        if (await canConnect(port)) return;
        await sleep(50);
      }
      throw new Error("redis-server did not start");
    },
    async crash() {
      if (!proc) return;
      const p = proc;
      proc = null;
      const gone = new Promise((r) => p.once("exit", r));
      p.kill("SIGKILL");
      await gone;
    },
  };
  await server.start();
  return server;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, "127.0.0.1");
    s.once("connect", () => (s.destroy(), resolve(true)));
    s.once("error", () => resolve(false));
  });
}

export interface PgCluster {
  port: number;
  /** Superuser URL of a database in this cluster. */
  url(db: string): string;
  start(): void;
  /** `pg_ctl stop -m immediate`: every connection drops at once. */
  stop(): void;
  destroy(): void;
}

const PG_BIN = "/usr/lib/postgresql/15/bin";

/** A private PostgreSQL 15 cluster in a temp folder, owned by the postgres OS user (initdb refuses root). */
export async function privatePostgres(): Promise<PgCluster> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), "slipway-pg-"));
  chmodSync(dir, 0o777);
  const data = path.join(dir, "data");
  const asPostgres = (cmd: string, args: string[]) =>
    execFileSync("runuser", ["-u", "postgres", "--", cmd, ...args], { stdio: "pipe", cwd: "/tmp" });
  asPostgres(`${PG_BIN}/initdb`, ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync"]);
  const cluster: PgCluster = {
    port,
    url: (db) => `postgresql://postgres@127.0.0.1:${port}/${db}`,
    start() {
      asPostgres(`${PG_BIN}/pg_ctl`, [
        "-D",
        data,
        "-l",
        path.join(dir, "log"),
        "-w",
        "-o",
        `-p ${port} -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off`,
        "start",
      ]);
    },
    stop() {
      asPostgres(`${PG_BIN}/pg_ctl`, ["-D", data, "-m", "immediate", "-w", "stop"]);
    },
    destroy() {
      try {
        cluster.stop();
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  cluster.start();
  return cluster;
}

/** `prisma migrate deploy` against a database (the same migrations production runs). */
export function migrate(databaseUrl: string) {
  execFileSync("npx", ["prisma", "migrate", "deploy"], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: "pipe",
  });
}

/** A private cluster with one database migrated as production's: `cluster.url(name)`. */
export async function migratedPostgres(name = "slipway"): Promise<PgCluster> {
  const cluster = await privatePostgres();
  const admin = new pg.Client({ connectionString: cluster.url("postgres") });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  migrate(cluster.url(name));
  return cluster;
}
