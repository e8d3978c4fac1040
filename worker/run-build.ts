import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { baseChildEnv } from "../server/env";
import { appNpmCache } from "./sandbox/build-sandbox";
import { SANDBOX_OFF_NOTICE } from "./sandbox/sandbox";
import { appendLog, endLog, readAll } from "../server/logs/build-log";
import { LogWriter } from "../server/logs/log-writer";
import { buildInclude, type BuildContext, type BuildWithRelations, type WorkerDeps } from "./build-context";
import { checkout } from "./steps/checkout";
import { install } from "./steps/install";
import { resolve } from "./steps/resolve";
import { safeguards } from "./steps/safeguards";
import { test } from "./steps/test";
import { deployStep, removeStep } from "./targets/index";
import { githubReporting } from "./report-to-github";
import { buildNotifications } from "./notifications";
import { observeBuildClaimed, observeBuildEnded } from "../server/metrics/metrics";

type Step = (ctx: BuildContext) => Promise<unknown>;
const STEPS: Record<string, Step> = { checkout, install, test, resolve, safeguards, deploy: deployStep, remove: removeStep };
/** Several heartbeats fit in the reaper's staleness window, so one slow write never fails a live build. */
const heartbeatMs = (staleMs: number) => Math.min(5_000, Math.max(200, Math.floor(staleMs / 6)));

/**
 * Runs a build the worker has claimed (status RUNNING): each step timed and logged, the first
 * failure skips the rest, and the build ends SUCCEEDED, FAILED or CANCELED with its whole log kept
 * in PostgreSQL. A heartbeat proves the worker is alive and notices a cancel request.
 */
export async function runBuild(deps: WorkerDeps, buildId: string): Promise<void> {
  const { db, redis, env } = deps;
  const row = await db.build.findUniqueOrThrow({ where: { id: buildId }, include: buildInclude });
  const app = await db.app.findUniqueOrThrow({ where: { id: row.service.appId }, include: { repository: true, org: true } });
  const build: BuildWithRelations = { ...row, app };
  observeBuildClaimed(row);
  const log = new LogWriter(redis, env.REDIS_PREFIX, buildId);
  log.seed(await readAll(redis, env.REDIS_PREFIX, buildId));
  const controller = new AbortController();
  const workDir = path.join(env.SLIPWAY_DATA_DIR, "builds", buildId);
  const ctx: BuildContext = {
    deps,
    build,
    log,
    signal: controller.signal,
    workDir,
    serviceDir: path.join(workDir, build.service.path),
    childEnv: { ...baseChildEnv(), CI: "true", npm_config_cache: appNpmCache(env.SLIPWAY_DATA_DIR, app.id) },
  };
  const heartbeat = setInterval(async () => {
    const res = await db.build
      .updateMany({ where: { id: buildId, status: "RUNNING" }, data: { heartbeatAt: new Date() } })
      .catch(() => null);
    if (res && res.count === 0) controller.abort();
  }, heartbeatMs(env.BUILD_STALE_MS));

  let failure: string | null = null;
  const github = githubReporting(deps, build, (line) => log.line(line));
  github.started();
  const notifications = buildNotifications(deps, build);
  notifications.started();
  await mkdir(workDir, { recursive: true });
  log.line(
    `Build #${build.number}: ${build.kind === "REMOVE" ? "remove" : "deploy"} ${build.service.name} → stage ${build.instance.stage} (${build.instance.region}) at ${build.commitSha.slice(0, 12)}`,
  );
  for (const step of build.steps) {
    if (failure || controller.signal.aborted) {
      await db.buildStep.update({ where: { id: step.id }, data: { status: "SKIPPED" } });
      continue;
    }
    const started = new Date();
    await db.buildStep.update({ where: { id: step.id }, data: { status: "RUNNING", startedAt: started } });
    log.line(`\u001b[1m▸ ${step.name}\u001b[0m`);
    if (env.SLIPWAY_SANDBOX === "off") log.line(SANDBOX_OFF_NOTICE);
    ctx.note = undefined;
    try {
      await STEPS[step.name](ctx);
      await db.buildStep.update({
        where: { id: step.id },
        data: { status: "SUCCEEDED", finishedAt: new Date(), detail: ctx.note ?? null },
      });
    } catch (e) {
      const cancelled = controller.signal.aborted;
      failure = cancelled ? "Cancelled." : (e as Error).message;
      log.line(cancelled ? `■ ${step.name} cancelled` : `\u001b[31m✖ ${step.name} failed: ${failure}\u001b[0m`);
      await db.buildStep.update({
        where: { id: step.id },
        data: { status: cancelled ? "CANCELED" : "FAILED", finishedAt: new Date(), detail: cancelled ? null : failure.slice(0, 2000) },
      });
    }
  }
  clearInterval(heartbeat);
  if (!failure) log.line(`\u001b[32m✔ Build #${build.number} succeeded\u001b[0m`);
  await log.close();
  // The writer's copy, not the stream: Redis may have lost entries (restart) that followers will
  // then read from here.
  const lines = log.all();
  await db.build.updateMany({
    where: { id: buildId, status: "RUNNING" },
    data: {
      status: failure ? "FAILED" : "SUCCEEDED",
      error: failure?.slice(0, 4000) ?? null,
      finishedAt: new Date(),
      log: lines.join("\n"),
    },
  });
  // A cancelled build keeps its CANCELED status; still keep its log.
  await db.build.updateMany({ where: { id: buildId, status: "CANCELED", log: null }, data: { log: lines.join("\n") } });
  await observeBuildEnded(db, buildId).catch(() => {});
  await endLog(redis, env.REDIS_PREFIX, buildId);
  await Promise.all([github.finished(), notifications.finished()]);
  await rm(workDir, { recursive: true, force: true }).catch(() => {});
}

/** A line in a build's log from outside a step (e.g. "waiting for another build of this stage"). */
export async function noteInLog(deps: WorkerDeps, buildId: string, line: string) {
  await appendLog(deps.redis, deps.env.REDIS_PREFIX, buildId, [line]);
}
