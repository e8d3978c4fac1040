import type { Redis } from "ioredis";

/** Where the worker hosting the local cloud announces its endpoint, for the web app and other runtimes. */
export const localCloudUrlKey = (prefix: string) => `${prefix}:local-cloud:url`;

export const readLocalCloudUrl = (redis: Redis, prefix: string) => redis.get(localCloudUrlKey(prefix));
