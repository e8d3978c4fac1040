import type { Redis } from "ioredis";
import type { Cipher } from "../secrets/cipher";
import type { TriggerDeps } from "../triggers/handle-branch";
import type { ReportDeps } from "../github/report-build";

export interface WebhookDeps extends TriggerDeps {
  redis: Redis;
  /** The REDIS_PREFIX of this Slipway. */
  prefix: string;
  cipher: Cipher;
  /** Set when a GitHub token is configured: pull request comments are posted from here too. */
  report: ReportDeps | null;
}

export interface WebhookResult {
  status: number;
  body: Record<string, unknown>;
}

export const reply = (status: number, body: Record<string, unknown>): WebhookResult => ({ status, body });
