import type { Redis } from "ioredis";
import type { Db } from "../../db";
import type { JobQueues } from "../../jobs/catalog";
import type { Cipher } from "../secrets/cipher";

/** What a webhook request needs: verify, claim the delivery, enqueue. No git, no build queue. */
export interface WebhookDeps {
  db: Db;
  jobs: JobQueues;
  redis: Redis;
  /** The REDIS_PREFIX of this Slipway. */
  prefix: string;
  cipher: Cipher;
}

export interface WebhookResult {
  status: number;
  body: Record<string, unknown>;
}

export const reply = (status: number, body: Record<string, unknown>): WebhookResult => ({ status, body });
