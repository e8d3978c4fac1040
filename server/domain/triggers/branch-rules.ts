import { z } from "zod";
import { branchToStage } from "../stages/stage-name";

export const branchDeploymentSchema = z.array(
  z.object({ branch: z.string().min(1), stage: z.string().min(1), profileId: z.string().optional() }),
);

export interface ServiceRules {
  branchDeployments: unknown;
  previewEnabled: boolean;
  previewTargetBranch: string;
}

export type BranchTarget = { kind: "branch"; stage: string; profileId?: string } | { kind: "preview"; stage: string } | { kind: "none" };

/**
 * Where a push to `branch` deploys a service: a configured branch deployment (master → staging,
 * prod → prod), else a preview stage named after the branch, when previews are on.
 */
export function targetForBranch(rules: ServiceRules, branch: string, takenStages: ReadonlySet<string>): BranchTarget {
  const deployments = branchDeploymentSchema.safeParse(rules.branchDeployments);
  const match = deployments.success ? deployments.data.find((d) => d.branch === branch) : undefined;
  if (match) return { kind: "branch", stage: match.stage, profileId: match.profileId };
  if (!rules.previewEnabled) return { kind: "none" };
  return { kind: "preview", stage: branchToStage(branch, takenStages) };
}
