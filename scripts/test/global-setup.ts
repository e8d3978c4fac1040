import { execFileSync } from "node:child_process";
import pg from "pg";
import { buildCli } from "./build-cli-setup";

/**
 * Migrates one template database per test run; each integration test file then clones it
 * (CREATE DATABASE … TEMPLATE), which takes milliseconds instead of a migration per file. The
 * template is named after this run, so runs side by side never drop each other's template.
 */
export function adminUrl(): string {
  return process.env.TEST_DATABASE_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
}

export default async function setup() {
  buildCli();
  // One template per run, also when the `int` and `faults` projects run together.
  if (process.env.SLIPWAY_TEST_TEMPLATE === `slipway_tpl_${process.pid}`) return () => {};
  const template = `slipway_tpl_${process.pid}`;
  process.env.SLIPWAY_TEST_TEMPLATE = template;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${template}`);
  await admin.end();
  const url = new URL(adminUrl());
  url.pathname = `/${template}`;
  execFileSync("npx", ["prisma", "migrate", "deploy"], { env: { ...process.env, DATABASE_URL: url.toString() }, stdio: "pipe" });
  return async () => {
    const a = new pg.Client({ connectionString: adminUrl() });
    await a.connect();
    await a.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    await a.end();
  };
}
