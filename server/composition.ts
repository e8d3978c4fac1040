import { QueueEvents } from "bullmq";
import type { Redis } from "ioredis";
import type { AppDeps } from "./deps";
import { createDb, getDb } from "./db";
import { getEnv, type Env } from "./env";
import { createRedis } from "./redis";
import { createBuildQueue } from "./queue";
import { createJobQueues, JOBS } from "./jobs/catalog";
import { createRuntimeClient } from "./runtime/contract";
import { artifactStoreFor } from "./artifacts/artifact-store";
import { createCipher } from "./domain/secrets/cipher";
import { createGitHubAccess } from "./domain/github/github-access";
import { logger } from "./logger";
import { createNotificationQueue } from "./notify-queue";

export type { AppDeps };

/** Each QueueEvents' own connection, closed with it. */
const eventConnections = new WeakMap<QueueEvents, Redis>();

const builders: { [K in keyof AppDeps]: (d: AppDeps) => AppDeps[K] } = {
  env: () => getEnv(),
  db: (d) => createDb(d.env.DATABASE_URL),
  redis: (d) => createRedis(d.env.REDIS_URL),
  queue: (d) => createBuildQueue(d.redis, d.env.REDIS_PREFIX),
  jobs: (d) => createJobQueues(d.redis, d.env.REDIS_PREFIX),
  // A blocking connection of its own; built only by a process that awaits a job (the web asking a worker).
  jobEvents: (d) => {
    const connection = d.redis.duplicate({ maxRetriesPerRequest: null });
    const events = new QueueEvents(JOBS["git-remote"].queue, { connection, prefix: d.env.REDIS_PREFIX });
    eventConnections.set(events, connection);
    return events;
  },
  notifications: (d) =>
    createNotificationQueue(d.redis, d.env.REDIS_PREFIX, { attempts: d.env.NOTIFY_ATTEMPTS, backoffMs: d.env.NOTIFY_BACKOFF_MS }),
  cipher: (d) => createCipher(d.env.SLIPWAY_ENCRYPTION_KEY),
  runtime: (d) => createRuntimeClient({ redis: d.redis, prefix: d.env.REDIS_PREFIX }),
  github: (d) => createGitHubAccess({ db: d.db, cipher: d.cipher, apiUrl: d.env.GITHUB_API_URL, personalToken: d.env.GITHUB_TOKEN }),
  logger: (d) => logger(d.env.LOG_LEVEL),
  artifacts: (d) => artifactStoreFor(d.env),
};

/** What createDeps built itself (not the overrides), so closeDeps closes only those. */
const built = new WeakMap<AppDeps, Partial<AppDeps>>();

/**
 * The composition root: each dependency is built once, the first time it is read (a runtime never
 * builds a GitHub client, a test that passes its own database never opens another). `overrides`
 * supply parts the caller already has (a test's database, a worker's Redis).
 */
export function createDeps(env: Env, overrides: Partial<Omit<AppDeps, "env">> = {}): AppDeps {
  const made: Partial<AppDeps> = {};
  const values: Partial<AppDeps> = { ...overrides, env };
  const deps = {} as AppDeps;
  for (const key of Object.keys(builders) as (keyof AppDeps)[]) {
    Object.defineProperty(deps, key, {
      enumerable: true,
      get() {
        if (!(key in values)) {
          const value = builders[key](deps);
          (values as Record<string, unknown>)[key] = value;
          (made as Record<string, unknown>)[key] = value;
        }
        return values[key];
      },
    });
  }
  built.set(deps, made);
  return deps;
}

/** Closes the connections createDeps opened for `deps` (overrides stay the caller's to close). */
export async function closeDeps(deps: AppDeps): Promise<void> {
  const made = built.get(deps) ?? {};
  await made.runtime?.close();
  await made.jobs?.close();
  if (made.jobEvents) {
    await made.jobEvents.close();
    eventConnections.get(made.jobEvents)?.disconnect();
  }
  await made.notifications?.close();
  await made.queue?.close();
  made.redis?.disconnect();
  await made.db?.$disconnect();
}

const g = globalThis as unknown as { slipwayDeps?: AppDeps };

/** This process's dependencies, made once (Next.js may load a module twice: kept on globalThis). */
export function appDeps(): AppDeps {
  g.slipwayDeps ??= createDeps(getEnv(), { db: getDb() });
  return g.slipwayDeps;
}
