import { createServer } from "node:net";
import pg from "pg";
import { Redis } from "ioredis";

/**
 * Checks that PostgreSQL and Redis answer before anything else runs, and says exactly how to get
 * them when they do not (instead of a stack trace). Creates the database when only it is missing.
 */
export async function preflight(databaseUrl: string, redisUrl: string): Promise<string[]> {
  const problems: string[] = [];
  const url = new URL(databaseUrl);
  const dbName = decodeURIComponent(url.pathname.slice(1));
  const admin = new URL(databaseUrl);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [dbName]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${dbName.replace(/"/g, '""')}"`);
  } catch (e) {
    problems.push(
      [
        `PostgreSQL does not answer at ${url.host} (${(e as Error).message}).`,
        "  Start one, e.g.:  docker compose up -d postgres   or   sudo service postgresql start",
        "  or point Slipway at yours:  DATABASE_URL=postgresql://user:pass@host:5432/slipway npm run demo",
      ].join("\n"),
    );
  } finally {
    await client.end().catch(() => {});
  }
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 3000, retryStrategy: () => null });
  redis.on("error", () => {});
  try {
    await redis.connect();
    await redis.ping();
  } catch (e) {
    problems.push(
      [
        `Redis does not answer at ${redisUrl} (${(e as Error).message}).`,
        "  Start one, e.g.:  docker compose up -d redis   or   redis-server --daemonize yes --save ''",
        "  or point Slipway at yours:  REDIS_URL=redis://host:6379 npm run demo",
      ].join("\n"),
    );
  } finally {
    redis.disconnect();
  }
  return problems;
}

/** Ports something already listens on (a demo that is still running, say): said before anything starts. */
export async function busyPorts(ports: number[]): Promise<string[]> {
  const busy: string[] = [];
  for (const port of ports.filter((p) => p > 0)) {
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.once("error", () => resolve(false));
      // No host: the wildcard address, which also collides with a listener on 127.0.0.1 or ::1.
      probe.listen(port, () => probe.close(() => resolve(true)));
    });
    if (!free)
      busy.push(
        `Port ${port} is already in use (is another Slipway or \`npm run demo\` still running?). Stop it, or choose other ports with PORT / RUNTIME_PORT.`,
      );
  }
  return busy;
}
