import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { Db } from "../db";
import { BUILD_QUEUE } from "../queue";
import { NOTIFY_QUEUE } from "../notify-queue";
import { RUNTIME_CONTROL_QUEUE } from "../runtime/contract";

/**
 * Slipway's Prometheus metrics, one registry per process (web, worker, runtime), served at
 * `/metrics` (server/metrics/serve-metrics.ts). Workers observe builds and steps; the runtime counts
 * invocations; every process reports the queues' depth from Redis when scraped.
 */
const g = globalThis as unknown as { slipwayMetrics?: ReturnType<typeof createMetrics> };

/** The queues whose depth is reported; schedules is the runtime's (worker/runtime/schedules.ts). */
// "jobs": the catalog's background jobs (push, settle-release, scheduled sweeps).
const QUEUES = [BUILD_QUEUE, "jobs", NOTIFY_QUEUE, "schedules", RUNTIME_CONTROL_QUEUE];
const STATES = ["waiting", "active", "delayed", "prioritized", "failed"] as const;

function createMetrics() {
  const registry = new Registry();
  const histogram = (name: string, help: string, labelNames: string[], buckets: number[]) =>
    new Histogram({ name, help, labelNames, buckets, registers: [registry] });
  const counter = (name: string, help: string) => new Counter({ name, help, labelNames: ["instance", "function"], registers: [registry] });
  collectDefaultMetrics({ register: registry, prefix: "slipway_" });
  const queueSources: { redis: Redis; prefix: string; queues?: Queue[] }[] = [];
  const metrics = {
    registry,
    buildDuration: histogram(
      "slipway_build_duration_seconds",
      "Wall time of a build from claim to its end, by kind and final status.",
      ["kind", "status"],
      [5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600],
    ),
    stepDuration: histogram(
      "slipway_build_step_duration_seconds",
      "Wall time of one build step, by step and status.",
      ["step", "status"],
      [0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600],
    ),
    startLatency: histogram(
      "slipway_build_start_latency_seconds",
      "From a build's row (a push, webhook, CLI or button; its approval when it needed one) to a worker claiming it RUNNING, by trigger.",
      ["trigger"],
      [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300],
    ),
    invocations: counter(
      "slipway_function_invocations_total",
      "Invocations of deployed functions by the runtime, per instance and function.",
    ),
    invocationErrors: counter(
      "slipway_function_errors_total",
      "Invocations that failed (handler error, timeout, crash), per instance and function.",
    ),
    queueDepth: new Gauge({
      name: "slipway_queue_jobs",
      help: "Jobs in each BullMQ queue by state, read from Redis when scraped.",
      labelNames: ["queue", "state"],
      registers: [registry],
      async collect() {
        this.reset();
        for (const source of queueSources) {
          source.queues ??= QUEUES.map((name) => new Queue(name, { connection: source.redis, prefix: source.prefix }));
          for (const queue of source.queues) {
            const counts = await queue.getJobCounts(...STATES);
            for (const state of STATES) this.set({ queue: queue.name, state }, counts[state] ?? 0);
          }
        }
      },
    }),
    /** Reports the depth of this Slipway's queues (once per process and prefix). */
    watchQueues(redis: Redis, prefix: string) {
      if (!queueSources.some((s) => s.prefix === prefix)) queueSources.push({ redis, prefix });
    },
  };
  return metrics;
}

export function metrics() {
  g.slipwayMetrics ??= createMetrics();
  return g.slipwayMetrics;
}

const seconds = (from: Date, to: Date) => Math.max(0, (to.getTime() - from.getTime()) / 1000);

/** A worker claimed a build: how long it waited since it could run (its row, or its approval). */
export function observeBuildClaimed(build: { trigger: string; createdAt: Date; approvedAt: Date | null; startedAt: Date | null }) {
  if (!build.startedAt) return;
  const ready = build.approvedAt && build.approvedAt > build.createdAt ? build.approvedAt : build.createdAt;
  metrics().startLatency.observe({ trigger: build.trigger }, seconds(ready, build.startedAt));
}

/** A build ended: its duration and each step's, read back from the rows the worker wrote. */
export async function observeBuildEnded(db: Db, buildId: string) {
  const build = await db.build.findUnique({ where: { id: buildId }, include: { steps: true } });
  if (!build?.startedAt) return;
  const m = metrics();
  m.buildDuration.observe({ kind: build.kind, status: build.status }, seconds(build.startedAt, build.finishedAt ?? new Date()));
  for (const step of build.steps) {
    if (step.startedAt && step.finishedAt)
      m.stepDuration.observe({ step: step.name, status: step.status }, seconds(step.startedAt, step.finishedAt));
  }
}

/** One invocation of a deployed function (worker/runtime/pool.ts). */
export function countInvocation(instanceId: string, fn: string, ok: boolean) {
  const m = metrics();
  m.invocations.inc({ instance: instanceId, function: fn });
  if (!ok) m.invocationErrors.inc({ instance: instanceId, function: fn });
}
