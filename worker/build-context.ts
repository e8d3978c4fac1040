import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { Prisma } from "@prisma/client";
import type { Db } from "../server/db";
import type { Env } from "../server/env";
import type { LogWriter } from "../server/logs/log-writer";
import type { Cipher } from "../server/domain/secrets/cipher";
import type { RuntimeConfig } from "../server/domain/deployments/runtime-config";
import type { ReportDeps } from "../server/domain/github/report-build";
import type { NotificationQueue } from "../server/notify-queue";
import type { RuntimeClient } from "../server/runtime/contract";
import type { ArtifactStore } from "../server/artifacts/artifact-store";

export const buildInclude = {
  service: true,
  instance: { include: { currentDeployment: true } },
  steps: { orderBy: { position: "asc" } },
} satisfies Prisma.BuildInclude;

export type BuildWithRelations = Prisma.BuildGetPayload<{ include: typeof buildInclude }> & {
  app: Prisma.AppGetPayload<{ include: { repository: true; org: true } }>;
};

/** What the worker's composition root gives every build. */
export interface WorkerDeps {
  db: Db;
  redis: Redis;
  env: Env;
  cipher: Cipher;
  scheduleQueue: Queue;
  /** The runtime contract (server/runtime/contract.ts): warm a deployment, announce a switch, move schedules. */
  runtime: Pick<RuntimeClient, "prepare" | "announce" | "syncSchedules">;
  /** Where deployments' artifacts and uploads are kept (server/artifacts/artifact-store.ts). */
  artifacts: ArtifactStore;
  /** The local cloud's endpoint (DynamoDB and S3) when one is running; the local target provisions `resources:` there. */
  localCloud?: { url(): string | null };
  /** Set when a GitHub token is configured: builds of GitHub repositories report statuses and PR comments. */
  github?: ReportDeps | null;
  /** Where build events go (server/domain/notifications/emit-event.ts). */
  notify?: NotificationQueue;
}

/** One build's working state, passed from step to step. */
export interface BuildContext {
  deps: WorkerDeps;
  build: BuildWithRelations;
  log: LogWriter;
  signal: AbortSignal;
  workDir: string;
  serviceDir: string;
  childEnv: Record<string, string>;
  resolved?: { config: Record<string, unknown>; runtime: RuntimeConfig; outputs: Record<string, unknown>; secrets: string[] };
  params?: { service: Record<string, string>; stage: Record<string, string> };
  /** Non-fatal remarks a step wants on its row (e.g. "no test script"). */
  note?: string;
}
