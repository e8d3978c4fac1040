import type { AppDeps } from "../../deps";

/** What a webhook request needs: verify, claim the delivery, enqueue. No git, no build queue. */
export type WebhookDeps = Pick<AppDeps, "db" | "jobs" | "redis" | "cipher" | "env">;

export interface WebhookResult {
  status: number;
  body: Record<string, unknown>;
}

export const reply = (status: number, body: Record<string, unknown>): WebhookResult => ({ status, body });
