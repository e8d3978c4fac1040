import path from "node:path";
import { z } from "zod";
import { DEV_ENCRYPTION_KEY, DEV_NEXTAUTH_SECRET, productionProblems, productionSecrets } from "./production-config";

/**
 * The one validated configuration of Slipway, read by the web app, the worker, the runtime and the
 * scripts. Nothing else reads process.env (user code gets only the environment it is given).
 */
const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().url().default("postgresql://postgres@127.0.0.1:5432/slipway"),
  REDIS_URL: z.string().url().default("redis://127.0.0.1:6379"),
  /** Prefix of every Redis key and BullMQ queue, so several Slipways (or test files) share one Redis. */
  REDIS_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9:_-]+$/)
    .default("slipway"),
  /** Unset in production: generated once into SLIPWAY_DATA_DIR/secrets.json (see production-config.ts). */
  NEXTAUTH_SECRET: z.string().min(16).optional(),
  NEXTAUTH_URL: z.string().url().default("http://localhost:3000"),
  /** The web server's port (scripts/web-server.ts). */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** 32-byte key (base64) for secrets at rest. */
  SLIPWAY_ENCRYPTION_KEY: z.string().optional(),
  /** The AWS principal that assumes profiles' access roles (shown in the trust policy admins paste into AWS). */
  SLIPWAY_AWS_PRINCIPAL_ARN: z.string().optional(),
  /** STS endpoint for assuming profiles' roles (default: AWS's); an STS-compatible server in tests. */
  AWS_STS_ENDPOINT: z.string().url().optional(),
  /** Mirrors, build folders, deployments. */
  SLIPWAY_DATA_DIR: z.string().default(path.join(process.cwd(), ".data")),
  /** Where the local runtime listens; instance links are <scheme>://<label>.RUNTIME_DOMAIN:<port of RUNTIME_PUBLIC_URL>. */
  RUNTIME_PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  RUNTIME_HOST: z.string().default("127.0.0.1"),
  RUNTIME_PUBLIC_URL: z.string().url().optional(),
  /** Instances answer at <stage>--<service>--<app>--<org>.RUNTIME_DOMAIN (`*.localhost` resolves to loopback in browsers). */
  RUNTIME_DOMAIN: z
    .string()
    .regex(/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/, "a lowercase DNS name")
    .default("localhost"),
  /** Production refuses a runtime whose instance hosts share a site with the dashboard unless this is 1. */
  SLIPWAY_ALLOW_SHARED_HOST: z.enum(["0", "1"]).default("0"),
  /** Reverse proxies (comma-separated IPs) whose X-Forwarded-For is believed; others' is ignored. */
  SLIPWAY_TRUSTED_PROXIES: z.string().default(""),
  /** The worker starts the runtime in its own process unless this is "off". */
  RUNTIME_EMBEDDED: z.enum(["on", "off"]).default("on"),
  /** The local cloud (DynamoDB and S3 for `resources:` of local deploys) starts in the worker unless "off". */
  LOCAL_CLOUD: z.enum(["on", "off"]).default("on"),
  /** Its one endpoint (0 = a free port, announced to the web app and runtimes through Redis). */
  LOCAL_CLOUD_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  LOCAL_CLOUD_HOST: z.string().default("127.0.0.1"),
  /** How often the git watcher polls remotes, in milliseconds (0 = never). */
  GIT_POLL_INTERVAL_MS: z.coerce.number().int().min(0).default(5000),
  /** A RUNNING build whose heartbeat is older than this is failed by the reaper (heartbeat and reaper run faster when it is small). */
  BUILD_STALE_MS: z.coerce.number().int().min(1000).default(30_000),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2),
  /** Build step timeout, in seconds. */
  STEP_TIMEOUT_S: z.coerce.number().int().min(1).default(600),
  /** Preview stages with no build for this many hours are destroyed (0 = never). */
  PREVIEW_TTL_HOURS: z.coerce.number().min(0).default(0),
  /** GitHub's REST API (GitHub Enterprise: https://<host>/api/v3) and the token commit statuses and PR comments are posted with. */
  GITHUB_API_URL: z.string().url().default("https://api.github.com"),
  GITHUB_TOKEN: z.string().optional(),
  /** Repositories on this machine (local paths, file://) and plain http:// remotes: for demos and tests, off by default. */
  SLIPWAY_ALLOW_LOCAL_REPOS: z
    .enum(["on", "off", "true", "false", "1", "0"])
    .default("off")
    .transform((v) => v === "on" || v === "true" || v === "1"),
  /** SMTP server for email notifications (smtp://user:password@host:587, smtps://… for TLS); unset = email channels need their own. */
  SMTP_URL: z.string().url().optional(),
  /** Sender of notification emails. */
  SMTP_FROM: z.string().default("Slipway <slipway@localhost>"),
  /** Notification deliveries: tries per delivery, first retry delay (doubles each try), and each try's timeout. */
  NOTIFY_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  NOTIFY_BACKOFF_MS: z.coerce.number().int().min(10).default(10_000),
  NOTIFY_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  NOTIFY_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(10),
  /** Level of the JSON logs (server/logger.ts) of web, worker and runtime. */
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  /** The worker's Prometheus `/metrics` server (server/metrics/); off when unset. The web serves `/metrics` itself. */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  METRICS_HOST: z.string().default("127.0.0.1"),
  /** When set, every `/metrics` scrape must send `Authorization: Bearer <METRICS_TOKEN>`. */
  METRICS_TOKEN: z.string().min(16).optional(),
  /**
   * User code (install, test, deploy scripts, the serverless CLI, handlers) runs in a bubblewrap
   * sandbox; "off" runs it as the worker's own user with the worker's access, and every build log says so.
   */
  SLIPWAY_SANDBOX: z.enum(["on", "off"]).default("on"),
  /** Per build step: memory (MiB), processes and open files; hitting one fails the step with its name. */
  SANDBOX_STEP_MEMORY_MB: z.coerce.number().int().min(64).default(2048),
  SANDBOX_STEP_PIDS: z.coerce.number().int().min(8).default(512),
  SANDBOX_STEP_NOFILE: z.coerce.number().int().min(64).default(4096),
  /** Per handler child (one function of one deployment). */
  SANDBOX_HANDLER_MEMORY_MB: z.coerce.number().int().min(64).default(1024),
  SANDBOX_HANDLER_PIDS: z.coerce.number().int().min(8).default(64),
  SANDBOX_HANDLER_NOFILE: z.coerce.number().int().min(64).default(1024),
  /** Sandboxed uids/gids are taken from [base, base + 2 000 000): uids from the first half, app gids from the second. */
  SANDBOX_UID_BASE: z.coerce.number().int().min(1000).default(1_100_000_000),
  /** Extra networks (CIDR, comma-separated) user code may not reach, e.g. docker-compose's own network; 169.254.0.0/16 always. */
  SANDBOX_DENY_NETS: z.string().default(""),
  /** The sandboxes' private subnets are carved from this /16 (one /30 per worker or runtime process). */
  SANDBOX_SUBNET: z
    .string()
    .regex(/^\d+\.\d+\.0\.0\/16$/)
    .default("10.231.0.0/16"),
  /**
   * Restored node_modules per app and service (worker/steps/dependency-cache.ts), under the data folder:
   * all entries of this worker together at most this many MiB, each dropped when unused this many days.
   */
  DEP_CACHE_MAX_MB: z.coerce.number().int().min(0).default(4096),
  DEP_CACHE_MAX_AGE_DAYS: z.coerce.number().min(0).default(14),
  /**
   * Where deployments' artifacts and CLI uploads are kept (server/artifacts): "data-dir" (SLIPWAY_DATA_DIR,
   * one host or a shared folder) or "s3" (an S3-compatible bucket every web, worker and runtime reaches).
   */
  ARTIFACT_STORE: z.enum(["data-dir", "s3"]).default("data-dir"),
  /** S3-compatible endpoint (MinIO: http://minio:9000); unset = AWS S3 in ARTIFACT_S3_REGION. */
  ARTIFACT_S3_ENDPOINT: z.string().url().optional(),
  ARTIFACT_S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "an S3 bucket name")
    .optional(),
  ARTIFACT_S3_REGION: z.string().min(1).default("us-east-1"),
  /** Unset = the AWS SDK's own credential chain (an instance role). */
  ARTIFACT_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  ARTIFACT_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
});

export type Env = z.infer<typeof schema> & { NEXTAUTH_SECRET: string; SLIPWAY_ENCRYPTION_KEY: string };

/**
 * Validates the settings. With NODE_ENV=production it also refuses the built-in development
 * secrets and a runtime on the dashboard's site, and fills unset secrets from the data folder.
 */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid Slipway configuration:\n${lines.join("\n")}`);
  }
  const data = result.data;
  const store = artifactStoreProblems(data);
  if (store.length) throw new Error(`Invalid Slipway configuration:\n${store.map((p) => `  ${p}`).join("\n")}`);
  const env = { ...data, RUNTIME_PUBLIC_URL: data.RUNTIME_PUBLIC_URL ?? `http://localhost:${data.RUNTIME_PORT}` };
  if (env.NODE_ENV !== "production") {
    return {
      ...env,
      NEXTAUTH_SECRET: env.NEXTAUTH_SECRET ?? DEV_NEXTAUTH_SECRET,
      SLIPWAY_ENCRYPTION_KEY: env.SLIPWAY_ENCRYPTION_KEY ?? DEV_ENCRYPTION_KEY,
    };
  }
  const problems = productionProblems(env);
  if (problems.length) throw new Error(`Invalid Slipway configuration for production:\n${problems.map((p) => `  ${p}`).join("\n")}`);
  return { ...env, ...productionSecrets(env) };
}

function artifactStoreProblems(data: z.infer<typeof schema>): string[] {
  if (data.ARTIFACT_STORE !== "s3") return [];
  const problems: string[] = [];
  if (!data.ARTIFACT_S3_BUCKET) problems.push("ARTIFACT_S3_BUCKET: required when ARTIFACT_STORE=s3");
  if (Boolean(data.ARTIFACT_S3_ACCESS_KEY_ID) !== Boolean(data.ARTIFACT_S3_SECRET_ACCESS_KEY)) {
    problems.push("ARTIFACT_S3_ACCESS_KEY_ID and ARTIFACT_S3_SECRET_ACCESS_KEY: set both or neither");
  }
  return problems;
}

let cached: Env | undefined;
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** The environment variables a child process (git, npm, user code) may inherit from Slipway. */
export function baseChildEnv(): Record<string, string> {
  const keep = ["PATH", "HOME", "LANG", "TZ", "TMPDIR", "npm_config_cache"];
  const out: Record<string, string> = {};
  for (const k of keep) if (process.env[k]) out[k] = process.env[k] as string;
  return out;
}
