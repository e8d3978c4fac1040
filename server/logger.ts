import pino, { type DestinationStream, type Logger } from "pino";
import { getEnv } from "./env";

/**
 * Structured (JSON, one line each) logs of web, worker and runtime: one root logger per process at
 * LOG_LEVEL, children carrying the ids a line is about (`buildLogger`, `jobLogger`). Build logs the
 * user reads are not these: they go through server/logs (masked with the stage's secrets).
 */
export type { Logger };

/** Fields that never reach a log line, wherever a caller put them. */
const REDACT = [
  "password",
  "token",
  "secret",
  "authorization",
  "cookie",
  "privateKey",
  "*.password",
  "*.token",
  "*.secret",
  "*.authorization",
  "*.cookie",
  "*.privateKey",
  "headers.authorization",
  "headers.cookie",
];

export function createLogger(opts: { level: string; destination?: DestinationStream }): Logger {
  return pino(
    {
      level: opts.level,
      base: { pid: process.pid },
      redact: { paths: REDACT, censor: "[redacted]" },
      serializers: { err: pino.stdSerializers.err },
    },
    opts.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

const g = globalThis as unknown as { slipwayLogger?: Logger };

/**
 * The process's root logger, at `level` when the composition root makes it first (its configuration),
 * else at LOG_LEVEL; a configuration error must not stop it from reporting that error.
 */
export function logger(level?: string): Logger {
  if (!g.slipwayLogger) {
    if (level === undefined) {
      level = "info";
      try {
        level = getEnv().LOG_LEVEL;
      } catch {
        // parseEnv's message is then logged at the default level by whoever called getEnv().
      }
    }
    g.slipwayLogger = createLogger({ level });
  }
  return g.slipwayLogger;
}

/** Lines about one build (worker, runtime, reports). */
export const buildLogger = (buildId: string, parent: Logger = logger()) => parent.child({ buildId });

/** Lines about one queue job. */
export const jobLogger = (queue: string, jobId: string | undefined, parent: Logger = logger()) => parent.child({ queue, jobId });
