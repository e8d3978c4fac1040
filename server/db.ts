import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@prisma/client";
import { getEnv } from "./env";

export type Db = PrismaClient;

export function createDb(databaseUrl: string): Db {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max: 10 }) });
}

const globalForDb = globalThis as unknown as { slipwayDb?: Db };

/** The process-wide client (web and worker); tests build their own with createDb. */
export function getDb(): Db {
  globalForDb.slipwayDb ??= createDb(getEnv().DATABASE_URL);
  return globalForDb.slipwayDb;
}
