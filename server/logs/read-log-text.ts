import type { Redis } from "ioredis";
import type { Db } from "../db";
import { readAll } from "./build-log";

/** A build's whole log: the kept copy once finished, else what the live stream holds so far. */
export async function readBuildLogText(db: Db, redis: Redis, prefix: string, buildId: string): Promise<string> {
  const build = await db.build.findUnique({ where: { id: buildId }, select: { log: true } });
  if (build?.log != null) return build.log;
  return (await readAll(redis, prefix, buildId)).join("\n");
}
