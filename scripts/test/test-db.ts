import { randomBytes } from "node:crypto";
import pg from "pg";
import { createDb, type Db } from "../../server/db";

/** Set by the run's global setup (a template per run); the fixed name is for a manual setup. */
const templateDb = () => process.env.SLIPWAY_TEST_TEMPLATE ?? "slipway_test_template";
const adminUrl = () => process.env.TEST_DATABASE_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export interface TestDb {
  db: Db;
  url: string;
  drop(): Promise<void>;
}

/** A fresh, migrated database of its own for one test file (cloned from the run's template). */
export async function createTestDb(): Promise<TestDb> {
  const name = `slipway_t_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${templateDb()}`);
  await admin.end();
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  const db = createDb(url.toString());
  return {
    db,
    url: url.toString(),
    async drop() {
      await db.$disconnect();
      const a = new pg.Client({ connectionString: adminUrl() });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

/** A Redis key prefix of its own for one test. */
export function testRedisPrefix(): string {
  return `slipway-test:${randomBytes(4).toString("hex")}`;
}
