import { execFileSync } from "node:child_process";
import pg from "pg";

/**
 * Migrates one template database per test run; each integration test file then clones it
 * (CREATE DATABASE … TEMPLATE), which takes milliseconds instead of a migration per file.
 */

export function adminUrl(): string {
  return process.env.TEST_DATABASE_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
}

export default async function setup() {
  // One template per run: several test runs at once (several engineers, CI jobs) never migrate a
  // template another run is cloning from. The test files inherit the name through the environment.
  const TEMPLATE_DB = (process.env.SLIPWAY_TEST_TEMPLATE = `slipway_test_template_${process.pid}`);
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  await admin.end();
  const url = new URL(adminUrl());
  url.pathname = `/${TEMPLATE_DB}`;
  execFileSync("npx", ["prisma", "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: url.toString() },
    stdio: "pipe",
  });
  return async () => {
    const a = new pg.Client({ connectionString: adminUrl() });
    await a.connect();
    await a.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
    await a.end();
  };
}
