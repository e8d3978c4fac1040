import type { BranchDeployment } from "./list-services";

export interface Pipeline {
  previewEnabled: boolean;
  previewTargetBranch: string;
  previewDestroy: boolean;
  branchDeployments: BranchDeployment[];
}

/** One canonical text per pipeline, to tell which services share one (rule order does not matter). */
export function pipelineKey(p: Pipeline): string {
  const rules = p.branchDeployments
    .map((d) => [d.branch, d.stage, d.profileId ?? null])
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  return JSON.stringify([p.previewEnabled, p.previewTargetBranch, p.previewDestroy, rules]);
}

/**
 * The app's pipeline as one thing: the pipeline most of its services share (the first service's on a
 * tie). Services with that pipeline follow the app; any other is an override. Saving the app's
 * pipeline writes it to the services that follow it (and to any the admin adds), in one save.
 */
export function appPipeline<S extends Pipeline & { id: string }>(services: S[]): { pipeline: Pipeline | null; following: string[] } {
  if (services.length === 0) return { pipeline: null, following: [] };
  const counts = new Map<string, number>();
  for (const s of services) counts.set(pipelineKey(s), (counts.get(pipelineKey(s)) ?? 0) + 1);
  const best = services.reduce((a, b) => ((counts.get(pipelineKey(b)) ?? 0) > (counts.get(pipelineKey(a)) ?? 0) ? b : a));
  const key = pipelineKey(best);
  return {
    pipeline: {
      previewEnabled: best.previewEnabled,
      previewTargetBranch: best.previewTargetBranch,
      previewDestroy: best.previewDestroy,
      branchDeployments: best.branchDeployments,
    },
    following: services.filter((s) => pipelineKey(s) === key).map((s) => s.id),
  };
}
