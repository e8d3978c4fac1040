import { rm } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { runDemo } from "./demo/run-demo";

/**
 * What Playwright's webServer runs: the demo on its own database, Redis prefix, data folder and
 * ports, started from scratch every run, so end-to-end tests never touch the developer's demo.
 */
const DB = process.env.E2E_DB ?? "slipway_e2e";
const WEB_PORT = Number(process.env.E2E_WEB_PORT ?? 3100);
const RUNTIME_PORT = Number(process.env.E2E_RUNTIME_PORT ?? 4100);
const dataDir = path.join(process.cwd(), ".data", "e2e");

async function main() {
  const admin = new pg.Client({ connectionString: "postgresql://postgres@127.0.0.1:5432/postgres" });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin.end();
  await rm(dataDir, { recursive: true, force: true });
  const demo = await runDemo({
    webPort: WEB_PORT,
    vars: {
      ...process.env,
      DATABASE_URL: `postgresql://postgres@127.0.0.1:5432/${DB}`,
      REDIS_PREFIX: `slipway-e2e-${Date.now()}`,
      SLIPWAY_DATA_DIR: dataDir,
      NEXTAUTH_URL: `http://localhost:${WEB_PORT}`,
      RUNTIME_PORT: String(RUNTIME_PORT),
      GIT_POLL_INTERVAL_MS: "1000",
      // Tests connect repositories they make on this machine.
      SLIPWAY_ALLOW_LOCAL_REPOS: "on",
      NODE_ENV: "production",
    },
  });
  const stop = () => void demo.stop().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((e: Error) => {
  console.error(e.message);
  process.exit(1);
});
