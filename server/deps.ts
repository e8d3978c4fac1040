import type { Redis } from "ioredis";
import type { QueueEvents } from "bullmq";
import type { Db } from "./db";
import type { Env } from "./env";
import type { BuildQueue } from "./queue";
import type { JobQueues } from "./jobs/catalog";
import type { RuntimeClient } from "./runtime/contract";
import type { ArtifactStore } from "./artifacts/artifact-store";
import type { Cipher } from "./domain/secrets/cipher";
import type { GitHubAccess } from "./domain/github/github-access";
import type { Logger } from "./logger";
import type { NotificationQueue } from "./notify-queue";

/**
 * Every shared dependency of a Slipway process, in one shape. Entry points (the tRPC context,
 * /api/v1, the webhooks and session-less routes, the worker, the runtime, tests) get it from
 * `createDeps` (server/composition.ts); domain use cases take a `Pick<AppDeps, …>` of it plus their input.
 */
export interface AppDeps {
  env: Env;
  db: Db;
  redis: Redis;
  /** The job catalog's `builds` queue in the `enqueue(buildId)` shape. */
  queue: BuildQueue;
  /** The job catalog's queues (`enqueue(name, payload)`). */
  jobs: JobQueues;
  /** Events of the `jobs` queue, for awaiting a job the web asked of a worker (server/jobs/ask-worker.ts); opened at first use. */
  jobEvents: QueueEvents;
  /** One job per notification delivery, retried with backoff (NOTIFY_ATTEMPTS, NOTIFY_BACKOFF_MS). */
  notifications: NotificationQueue;
  /** Seals and opens secrets with SLIPWAY_ENCRYPTION_KEY. */
  cipher: Cipher;
  /** The runtime contract: prepare a deployment, announce a switch, move schedules. */
  runtime: RuntimeClient;
  /** Which credential speaks to GitHub for an org on a repository (its GitHub App, or GITHUB_TOKEN). */
  github: GitHubAccess;
  logger: Logger;
  /** Where deployments' artifacts and CLI uploads are kept. */
  artifacts: ArtifactStore;
}
