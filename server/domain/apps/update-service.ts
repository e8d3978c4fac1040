import type { Prisma } from "@prisma/client";
import type { Db } from "../../db";
import { DomainError } from "../errors";
import { recordAudit } from "../audit/record-audit";
import { validateStageName } from "../stages/stage-name";
import { findApp } from "./find-app";
import { serviceView, type BranchDeployment } from "./list-services";

export interface ServiceSettings {
  path: string;
  triggerPaths: string[];
  previewEnabled: boolean;
  previewTargetBranch: string;
  previewDestroy: boolean;
  branchDeployments: BranchDeployment[];
}

// A relative folder or glob inside the repository: no absolute paths, no "..", no odd characters.
const REPO_PATH_RE = /^(?!\/)(?!.*(^|\/)\.\.(\/|$))[A-Za-z0-9_.*{},/-]+$/;
// A git branch name (git check-ref-format, simplified): no spaces, "..", "~^:?*[\", leading "-" or "/".
const BRANCH_RE = /^(?![-/])(?!.*\.\.)(?!.*\/\/)(?!.*\.lock$)[A-Za-z0-9._/-]+(?<![./])$/;

export type PipelineSettings = Pick<ServiceSettings, "previewEnabled" | "previewTargetBranch" | "previewDestroy" | "branchDeployments">;

/** Checks and trims a pipeline (previews, branch → stage rules); the error names the field at fault. */
export function parsePipeline(input: PipelineSettings) {
  const previewTargetBranch = input.previewTargetBranch.trim();
  if (!BRANCH_RE.test(previewTargetBranch))
    throw new DomainError("BAD_INPUT", `"${previewTargetBranch}" is not a valid branch name.`, "previewTargetBranch");
  const seen = new Set<string>();
  const branchDeployments = input.branchDeployments.map((d, i) => {
    const branch = d.branch.trim();
    if (!BRANCH_RE.test(branch))
      throw new DomainError("BAD_INPUT", `"${branch}" is not a valid branch name.`, `branchDeployments.${i}.branch`);
    if (seen.has(branch)) throw new DomainError("BAD_INPUT", `Branch ${branch} is listed twice.`, `branchDeployments.${i}.branch`);
    seen.add(branch);
    const bad = validateStageName(d.stage.trim());
    if (bad) throw new DomainError("BAD_INPUT", bad, `branchDeployments.${i}.stage`);
    return { branch, stage: d.stage.trim(), ...(d.profileId ? { profileId: d.profileId } : {}) };
  });
  return { previewEnabled: input.previewEnabled, previewTargetBranch, previewDestroy: input.previewDestroy, branchDeployments };
}

/** Every profile a branch rule names belongs to the org. */
export async function assertPipelineProfiles(tx: Pick<Db, "deploymentProfile">, orgId: string, branchDeployments: BranchDeployment[]) {
  for (const [i, d] of branchDeployments.entries()) {
    if (d.profileId && !(await tx.deploymentProfile.findFirst({ where: { id: d.profileId, orgId } }))) {
      throw new DomainError("BAD_INPUT", "Choose a deployment profile of this organization.", `branchDeployments.${i}.profileId`);
    }
  }
}

/** Saves a service's folder, trigger paths and CI/CD settings (preview and branch deployments). */
export async function updateService(db: Db, orgId: string, actorId: string, slug: string, serviceId: string, input: ServiceSettings) {
  const path = input.path.trim().replace(/\/+$/, "");
  if (!REPO_PATH_RE.test(path))
    throw new DomainError("BAD_INPUT", "The folder is a relative path inside the repository (e.g. services/restapi).", "path");
  const triggerPaths = input.triggerPaths.map((p) => p.trim()).filter(Boolean);
  triggerPaths.forEach((p, i) => {
    if (!REPO_PATH_RE.test(p))
      throw new DomainError("BAD_INPUT", `"${p}" is not a relative path or glob inside the repository.`, `triggerPaths.${i}`);
  });
  const { previewTargetBranch: target, branchDeployments } = parsePipeline(input);
  return db.$transaction(async (tx) => {
    const app = await findApp(tx, orgId, slug);
    const before = await tx.service.findFirst({ where: { id: serviceId, appId: app.id } });
    if (!before) throw new DomainError("NOT_FOUND", "No such service in this app.");
    await assertPipelineProfiles(tx, orgId, branchDeployments);
    const data = {
      path,
      triggerPaths,
      previewEnabled: input.previewEnabled,
      previewTargetBranch: target,
      previewDestroy: input.previewDestroy,
      branchDeployments: branchDeployments as unknown as Prisma.InputJsonValue,
    };
    const after = await tx.service.update({ where: { id: before.id }, data });
    const { id: _a, name: _b, target: _c, alwaysTrigger: _d, ...beforeView } = serviceView(before);
    const { id: _e, name: _f, target: _g, alwaysTrigger: _h, ...afterView } = serviceView(after);
    await recordAudit(tx, {
      orgId,
      actorId,
      action: "service.update",
      target: `app ${app.slug} service ${before.name}`,
      before: beforeView,
      after: afterView,
    });
    return serviceView(after);
  });
}
