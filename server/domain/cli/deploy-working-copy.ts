import type { Db } from "../../db";
import type { BuildQueue } from "../../queue";
import { recordAudit } from "../audit/record-audit";
import { queueBuild } from "../builds/queue-build";
import { DomainError } from "../errors";
import { profileForStage } from "../parameters/params-for-stage";
import { validateStageName } from "../stages/stage-name";
import { branchStages, findService } from "./find-service";

export interface WorkingCopyRequest {
  app: string;
  service: string;
  stage: string;
  region?: string;
  params?: Record<string, string>;
  /** The stored upload (see storeUpload); required for a deploy, and for removing a non-local service. */
  archive?: { relative: string; sha256: string } | null;
  /** What the CLI knows about the working copy, for the build's title (`HEAD abc123, 2 files changed`). */
  describe?: string;
}

const PARAM_KEY = /^[A-Za-z0-9_.-]{1,100}$/;

/**
 * `slipway deploy` / `slipway remove`: a build of an uploaded working copy, queued like a git-triggered
 * one (same steps, same profile: a stage without a mapping uses the app's default profile). Stages
 * that follow a branch are refused: git is the source of truth there.
 */
export async function deployWorkingCopy(
  deps: { db: Db; queue: BuildQueue },
  member: { orgId: string; userId: string },
  kind: "DEPLOY" | "REMOVE",
  req: WorkingCopyRequest,
) {
  const { db } = deps;
  const stageError = validateStageName(req.stage);
  if (stageError) throw new DomainError("BAD_INPUT", `Stage "${req.stage.slice(0, 60)}": ${stageError}`, "stage");
  if (req.region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d$/.test(req.region))
    throw new DomainError("BAD_INPUT", `"${req.region.slice(0, 40)}" is not an AWS region.`, "region");
  const params = req.params ?? {};
  for (const [k, v] of Object.entries(params)) {
    if (!PARAM_KEY.test(k) || typeof v !== "string" || v.length > 4096)
      throw new DomainError("BAD_INPUT", `Parameter "${k.slice(0, 100)}" is not a valid key=value.`, "param");
  }
  const { app, service } = await findService(db, member.orgId, req.app, req.service);
  const branch = branchStages(service.branchDeployments).get(req.stage);
  if (branch) {
    throw new DomainError(
      "CONFLICT",
      `Stage "${req.stage}" follows the branch ${branch}: deploy it by pushing to ${branch}, not from a working copy.`,
      "stage",
    );
  }
  const region = req.region ?? (await profileForStage(db, app.id, req.stage))?.region ?? "us-east-1";
  if (kind === "DEPLOY" && !req.archive) throw new DomainError("BAD_INPUT", "A deploy needs the working copy (tar.gz body).");
  if (kind === "REMOVE") {
    const instance = await db.serviceInstance.findUnique({
      where: { appId_stage_region_serviceId: { appId: app.id, stage: req.stage, region, serviceId: service.id } },
    });
    if (!instance || instance.removedAt)
      throw new DomainError("NOT_FOUND", `${service.name} is not deployed to stage "${req.stage}" (${region}).`);
    if (service.target !== "LOCAL" && !req.archive)
      throw new DomainError("BAD_INPUT", `Removing a ${service.target.toLowerCase()} service needs its working copy (tar.gz body).`);
  }
  const sha = req.archive?.sha256.slice(0, 40) ?? "0".repeat(40);
  const build = await queueBuild(db, deps.queue, {
    serviceId: service.id,
    stage: req.stage,
    region,
    kind,
    trigger: "cli",
    commitSha: sha,
    commitMessage: `slipway ${kind === "DEPLOY" ? "deploy" : "remove"} from a working copy${req.describe ? ` (${req.describe.slice(0, 200)})` : ""}`,
    requestedById: member.userId,
    sourceArchive: req.archive?.relative ?? null,
    cliParams: Object.keys(params).length ? params : null,
  });
  await recordAudit(db, {
    orgId: member.orgId,
    actorId: member.userId,
    action: kind === "DEPLOY" ? "build.cli-deploy" : "build.cli-remove",
    target: `${app.slug}/${service.name}@${req.stage}`,
    after: { build: build.number, region, params: Object.keys(params) },
  });
  return { id: build.id, number: build.number, app: app.slug, service: service.name, stage: req.stage, region };
}
