import { Redis } from "ioredis";

/** BullMQ needs maxRetriesPerRequest: null on every connection it blocks on. */
export function createRedis(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, lazyConnect: false });
}
