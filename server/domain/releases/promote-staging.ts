import { mirrorDir } from "../git/mirror-dir";
import { mirrorRefs } from "./release-git";
import { queueRelease, type ReleaseRequestDeps } from "./release-session";
import { DomainError } from "../errors";
import { loadReleaseApp, releaseBranches, type ReleaseApp } from "./release-app";

export interface PromoteInput {
  orgId: string;
  actorId: string;
  slug: string;
  /** Promote one service: the prod branch still receives the whole staging commit (git is repo-wide), but only this service deploys now. */
  serviceId?: string | null;
  /** The user agreed to a merge commit (prod has commits staging lacks). */
  confirmMerge?: boolean;
  note?: string;
}

export type PromoteResult =
  { needsConfirmation: "merge"; stagingSha: string; prodSha: string; reason: string } | { needsConfirmation: null; releaseId: string };

/** The commit each service runs on staging; refused while staging's last build has not succeeded. */
export function stagedCommits(app: ReleaseApp, serviceId: string | null | undefined) {
  const services = serviceId ? app.services.filter((s) => s.id === serviceId) : app.services;
  if (services.length === 0) throw new DomainError("NOT_FOUND", "No such service in this app.", "serviceId");
  const staged: { service: (typeof services)[number]; sha: string }[] = [];
  for (const service of services) {
    const instance = app.instances.find((i) => i.serviceId === service.id && i.stage === "staging");
    if (!instance?.currentDeployment) {
      if (serviceId) throw new DomainError("BAD_INPUT", `${service.name} has nothing deployed on staging.`);
      continue;
    }
    const last = instance.builds[0];
    if (last && last.status !== "SUCCEEDED") {
      const what =
        last.status === "QUEUED" || last.status === "RUNNING"
          ? "is still running"
          : `${last.status.toLowerCase()}${last.error ? `: ${last.error.slice(0, 300)}` : ""}`;
      throw new DomainError(
        "CONFLICT",
        `Staging's last build of ${service.name} (#${last.number}) ${what}. Promote once staging is green.`,
      );
    }
    staged.push({ service, sha: instance.currentDeployment.commitSha });
  }
  if (staged.length === 0) throw new DomainError("BAD_INPUT", "Nothing is deployed on staging yet.");
  return { services, staged };
}

interface Refs {
  isAncestor(a: string, b: string): Promise<boolean>;
  revParse(ref: string): Promise<string>;
}

/** Which staging commit goes to prod and how: already there, a fast-forward, or a merge commit. */
export async function planPromotion(
  git: Refs,
  staged: ReturnType<typeof stagedCommits>["staged"],
  refs: { staging: string; prod: string },
  stagingBranch: string,
) {
  // The newest staged commit: every other staged service runs an ancestor of it.
  let sha = staged[0].sha;
  for (const s of staged.slice(1)) if (await git.isAncestor(sha, s.sha)) sha = s.sha;
  for (const s of staged) {
    if (!(await git.isAncestor(s.sha, sha)))
      throw new DomainError(
        "CONFLICT",
        `Staging's services run diverging commits (${s.service.name} at ${s.sha.slice(0, 7)}); redeploy staging first.`,
      );
  }
  if (!(await git.isAncestor(sha, refs.staging))) {
    throw new DomainError(
      "CONFLICT",
      `Commit ${sha.slice(0, 7)} deployed on staging is no longer on ${stagingBranch} (was the branch rewritten?). Redeploy staging first.`,
    );
  }
  const prodSha = await git.revParse(refs.prod);
  const onProd = await git.isAncestor(sha, prodSha);
  const fastForward = !onProd && (await git.isAncestor(prodSha, sha));
  return { sha, prodSha, onProd, fastForward };
}

export const mergeReason = (branches: { staging: string; prod: string }) =>
  `${branches.prod} has commits that ${branches.staging} does not: promoting makes a merge commit on ${branches.prod}.`;

/**
 * Asks for a promotion of what staging runs to prod. Checked here: staging is green, and — from
 * the mirror as the worker last synced it — whether it needs a merge commit, which the user must
 * agree to first. Then the release is queued and the worker's `release` job does the git work
 * (runPromotion). Refused while prod is deploying or another release has not pushed yet.
 */
export async function promoteStaging(deps: ReleaseRequestDeps, input: PromoteInput): Promise<PromoteResult> {
  const app = await loadReleaseApp(deps.db, input.orgId, input.slug);
  const branches = releaseBranches(app);
  const { staged } = stagedCommits(app, input.serviceId);
  const mirror = mirrorRefs(mirrorDir(deps.dataDir, app.repositoryId));
  // A mirror that lacks these commits cannot tell: the job, after its fetch, decides (and asks for a merge by failing).
  const plan = await planPromotion(
    mirror,
    staged,
    { staging: `refs/heads/${branches.staging}`, prod: `refs/heads/${branches.prod}` },
    branches.staging,
  ).catch((e: unknown) => {
    if (e instanceof DomainError && e.code === "CONFLICT") throw e;
    return null;
  });
  if (plan && !plan.onProd && !plan.fastForward && !input.confirmMerge)
    return { needsConfirmation: "merge", stagingSha: plan.sha, prodSha: plan.prodSha, reason: mergeReason(branches) };
  const release = await queueRelease(
    deps,
    app,
    {
      orgId: input.orgId,
      kind: "PROMOTE",
      serviceId: input.serviceId ?? null,
      actorId: input.actorId,
      note: input.note ?? "",
      fromSha: plan?.prodSha ?? null,
      sourceSha: plan?.sha ?? null,
      fastForward: plan ? plan.fastForward : null,
    },
    { confirmMerge: input.confirmMerge },
  );
  return { needsConfirmation: null, releaseId: release.id };
}
