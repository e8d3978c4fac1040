import type { Redis } from "ioredis";

const ONE_DAY_S = 24 * 60 * 60;
const key = (prefix: string, source: string, id: string) => `${prefix}:webhook-delivery:${source}:${id}`;

/**
 * True the first time a delivery id is seen (for a day): GitHub redelivers and attackers replay,
 * and neither may start a second build. SET NX makes "seen?" and "mark seen" one step across replicas.
 */
export async function claimDelivery(redis: Redis, prefix: string, source: string, id: string): Promise<boolean> {
  return (await redis.set(key(prefix, source, id), "1", "EX", ONE_DAY_S, "NX")) === "OK";
}

/** Forgets a delivery whose handling failed, so GitHub's redelivery is processed. */
export async function releaseDelivery(redis: Redis, prefix: string, source: string, id: string): Promise<void> {
  await redis.del(key(prefix, source, id));
}
