import type { Prisma } from "@prisma/client";
import type { LogWriter } from "../server/logs/log-writer";
import type { RuntimeConfig } from "../server/domain/deployments/runtime-config";
import type { ReportDeps } from "../server/domain/github/report-build";
import type { AppDeps } from "../server/deps";

export const buildInclude = {
  service: true,
  instance: { include: { currentDeployment: true } },
  steps: { orderBy: { position: "asc" } },
} satisfies Prisma.BuildInclude;

export type BuildWithRelations = Prisma.BuildGetPayload<{ include: typeof buildInclude }> & {
  app: Prisma.AppGetPayload<{ include: { repository: true; org: true } }>;
};

/** What every build gets: the process's dependencies (server/composition.ts) and the worker's own parts. */
export type WorkerDeps = AppDeps & {
  /** The local cloud's endpoint (DynamoDB and S3) when one is running; the local target provisions `resources:` there. */
  localCloud?: { url(): string | null };
  /** Builds of GitHub repositories report statuses and PR comments (absent: nothing is reported). */
  report?: ReportDeps;
};

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
