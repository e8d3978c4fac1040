import { Worker, type ConnectionOptions } from "bullmq";
import { runtimeAddress } from "../server/domain/deployments/instance-url";
import { deliverJobSchema, NOTIFY_QUEUE } from "../server/notify-queue";
import { deliverNotification, type DeliverDeps } from "../server/domain/notifications/deliver-notification";
import { emitBuildEvents } from "../server/domain/notifications/emit-build-events";
import type { BuildWithRelations, WorkerDeps } from "./build-context";
import { buildLogger } from "../server/logger";

/**
 * The consumer of the notifications queue: each job is one attempt of one delivery; BullMQ's
 * retries (exponential backoff) make the next attempts. Its own concurrency, apart from builds.
 */
export function startNotificationsWorker(opts: { deps: DeliverDeps; connection: ConnectionOptions }) {
  const { deps } = opts;
  const { env } = deps;
  return new Worker(
    NOTIFY_QUEUE,
    async (job) => {
      const { deliveryId } = deliverJobSchema.parse(job.data);
      const number = job.attemptsMade + 1;
      return deliverNotification(deps, deliveryId, { number, last: number >= (job.opts.attempts ?? 1) });
    },
    // The lock outlives the longest attempt (the send is bounded by NOTIFY_TIMEOUT_MS).
    {
      connection: opts.connection,
      prefix: env.REDIS_PREFIX,
      concurrency: env.NOTIFY_CONCURRENCY,
      lockDuration: Math.max(30_000, env.NOTIFY_TIMEOUT_MS * 3),
    },
  );
}

/**
 * A build's events, emitted in order (started, then finished) and never in its way: emitting only
 * writes rows and queue entries, and an error is logged and dropped — a build never fails because
 * of a notification.
 */
export function buildNotifications(deps: WorkerDeps, build: BuildWithRelations) {
  const sink = deps.notifications;
  let last: Promise<unknown> = Promise.resolve();
  const links = { dashboardUrl: deps.env.NEXTAUTH_URL, runtimeUrl: deps.report?.runtimeUrl ?? runtimeAddress(deps.env) };
  const emit = (phase: "started" | "finished") => {
    if (!sink) return last;
    last = last
      .then(() => emitBuildEvents({ db: deps.db, queue: sink }, links, build.id, phase))
      .catch((e) => buildLogger(build.id).error(`[worker] notifications for build ${build.id}: ${(e as Error).message}`));
    return last;
  };
  return { started: () => void emit("started"), finished: () => emit("finished") };
}
