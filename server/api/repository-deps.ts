import type { Context } from "../trpc/init";
import { createCipher } from "../domain/secrets/cipher";
import type { RepositoryDeps, RuntimeTeardown } from "../domain/repositories/repository-deps";
import { createSchedulesQueue, removeSchedules } from "../runtime/schedules";
import { webRuntime } from "../web-deps";

export const repositoryDeps = (ctx: Pick<Context, "db" | "env" | "queue">): RepositoryDeps => ({
  db: ctx.db,
  cipher: createCipher(ctx.env.SLIPWAY_ENCRYPTION_KEY),
  queue: ctx.queue,
  dataDir: ctx.env.SLIPWAY_DATA_DIR,
  allowLocal: ctx.env.SLIPWAY_ALLOW_LOCAL_REPOS,
});

/** Runs `fn` with a teardown of local instances (schedules are BullMQ data: the web process can drop them). */
export async function withRuntimeTeardown<T>(ctx: Pick<Context, "redis" | "env">, fn: (t: RuntimeTeardown) => Promise<T>): Promise<T> {
  const queue = createSchedulesQueue(ctx.redis, ctx.env.REDIS_PREFIX);
  try {
    return await fn({
      removeSchedules: (id) => removeSchedules(queue, id),
      announceInstanceChange: (id) => webRuntime(ctx.redis, ctx.env.REDIS_PREFIX).announce(id),
    });
  } finally {
    await queue.close();
  }
}
