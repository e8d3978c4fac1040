import type { BuildKind } from "@prisma/client";
import type { Db } from "../../db";
import type { BuildQueue } from "../../queue";
import { DomainError } from "../errors";
import { validateStageName } from "../stages/stage-name";
import { stageProtection } from "../protection/stage-protection";

/** `safeguards` sits between resolve and deploy: a policy at ERROR stops the build before anything is deployed. */
export const DEPLOY_STEPS = ["checkout", "install", "test", "resolve", "safeguards", "deploy"] as const;
export const REMOVE_STEPS = ["remove"] as const;
/** Targets outside Slipway (serverless, script) need the service's code and resolved config to remove it. */
export const EXTERNAL_REMOVE_STEPS = ["checkout", "install", "resolve", "remove"] as const;

export interface QueueBuildInput {
  serviceId: string;
  stage: string;
  region?: string;
  kind?: BuildKind;
  trigger: string;
  branch?: string | null;
  /** Set for preview stages: the branch whose deletion destroys the instance. */
  previewBranch?: string | null;
  commitSha: string;
  commitMessage?: string;
  commitAuthor?: string;
  requestedById?: string | null;
  /** An uploaded working copy (relative to the data dir) that checkout extracts instead of git. */
  sourceArchive?: string | null;
  /** `--param key=value` of `slipway deploy`. */
  cliParams?: Record<string, string> | null;
  /** A pull request from a fork: the build waits, not enqueued, until an admin approves it (approve-build.ts), as does a build for a stage that requires approval. */
  fromFork?: boolean;
}

/**
 * Creates the build row (with its steps) before its job: the database is the truth and the job
 * carries only the id. Older builds still queued for the same instance are superseded: only the
 * newest commit is worth deploying.
 */
export async function queueBuild(db: Db, queue: BuildQueue, input: QueueBuildInput) {
  const stageError = validateStageName(input.stage);
  if (stageError) throw new DomainError("BAD_INPUT", `Stage "${input.stage.slice(0, 60)}": ${stageError}`, "stage");
  const service = await db.service.findUniqueOrThrow({ where: { id: input.serviceId } });
  const region = input.region ?? "us-east-1";
  const kind = input.kind ?? "DEPLOY";
  const steps = kind === "DEPLOY" ? DEPLOY_STEPS : service.target === "LOCAL" ? REMOVE_STEPS : EXTERNAL_REMOVE_STEPS;

  const protection = await stageProtection(db, service.appId, input.stage);
  const needsApproval = (input.fromFork ?? false) || (protection?.requireApproval ?? false);

  const build = await db.$transaction(async (tx) => {
    const instance = await tx.serviceInstance.upsert({
      where: { appId_stage_region_serviceId: { appId: service.appId, stage: input.stage, region, serviceId: service.id } },
      create: { appId: service.appId, serviceId: service.id, stage: input.stage, region, branch: input.previewBranch ?? null },
      update: kind === "DEPLOY" ? { removedAt: null } : {},
    });
    await tx.build.updateMany({
      where: { instanceId: instance.id, status: "QUEUED" },
      data: { status: "SUPERSEDED", finishedAt: new Date(), error: "A newer build for this stage was queued." },
    });
    return tx.build.create({
      data: {
        serviceId: service.id,
        instanceId: instance.id,
        kind,
        trigger: input.trigger,
        branch: input.branch ?? null,
        commitSha: input.commitSha,
        commitMessage: input.commitMessage ?? "",
        commitAuthor: input.commitAuthor ?? "",
        requestedById: input.requestedById ?? null,
        sourceArchive: input.sourceArchive ?? null,
        cliParams: input.cliParams ?? undefined,
        fromFork: input.fromFork ?? false,
        needsApproval,
        steps: { create: steps.map((name, position) => ({ name, position })) },
      },
    });
  });
  if (!build.needsApproval) await queue.enqueue(build.id);
  return build;
}
