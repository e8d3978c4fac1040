import type { Release } from "@prisma/client";
import { recordAudit } from "../audit/record-audit";
import { mirrorDir } from "../triggers/handle-branch";
import { markReleaseFailed } from "./release-record";
import { mirrorRefs } from "./release-git";
import { queueRelease, withProdClone, releasePushed, type ReleaseRequestDeps } from "./release-session";
import { DomainError } from "../errors";
import { deployProdNow, loadReleaseApp, releaseBranches, type ReleaseApp, type ReleaseDeps } from "./release-app";
import type { ReleaseLog } from "../../logs/release-log";

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
function stagedCommits(app: ReleaseApp, serviceId: string | null | undefined) {
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
async function planPromotion(
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

const mergeReason = (branches: { staging: string; prod: string }) =>
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

/**
 * The worker's promotion, the git way: the newest commit deployed on staging is merged into the
 * prod branch (a fast-forward when possible, a merge commit when the user agreed) and pushed; the
 * prod deployment is triggered at once.
 */
export async function runPromotion(deps: ReleaseDeps, app: ReleaseApp, release: Release, log: ReleaseLog, confirmMerge: boolean) {
  const { db } = deps;
  const branches = releaseBranches(app);
  const { services, staged } = stagedCommits(app, release.serviceId);
  return withProdClone(deps, app, release.actorId, log, async (clone) => {
    const { sha, prodSha, onProd, fastForward } = await planPromotion(
      clone,
      staged,
      { staging: `origin/${branches.staging}`, prod: "HEAD" },
      branches.staging,
    );
    if (!onProd && !fastForward && !confirmMerge)
      throw new DomainError("CONFLICT", `${mergeReason(branches)} Promote again and agree to the merge commit.`);
    await db.release.update({ where: { id: release.id }, data: { fromSha: prodSha, sourceSha: sha, fastForward } });
    const audit = (after: Record<string, unknown>) =>
      recordAudit(db, {
        orgId: release.orgId,
        actorId: release.actorId,
        action: "release.promote",
        target: `${app.slug}@${branches.prod}`,
        before: { prod: prodSha },
        after: { staging: sha, service: services.length === 1 ? services[0].name : null, note: release.note, ...after },
      });
    try {
      let toSha = prodSha;
      if (fastForward) {
        log.line(`Fast-forwarding ${branches.prod} ${prodSha.slice(0, 7)} → ${sha.slice(0, 7)}`);
        await clone.git(["merge", "--ff-only", "--quiet", sha]);
        toSha = sha;
      } else if (!onProd) {
        log.line(`Merging ${branches.staging} (${sha.slice(0, 7)}) into ${branches.prod} (${prodSha.slice(0, 7)})`);
        const merged = await clone.git(
          [
            "merge",
            "--no-ff",
            "--quiet",
            "-m",
            `Promote ${branches.staging} (${sha.slice(0, 7)}) to ${branches.prod}`,
            ...(release.note ? ["-m", release.note] : []),
            sha,
          ],
          { allowFail: true },
        );
        if (!merged.ok) {
          const files = (await clone.git(["diff", "--name-only", "--diff-filter=U"], { allowFail: true })).out
            .trim()
            .split("\n")
            .filter(Boolean);
          await clone.git(["merge", "--abort"], { allowFail: true });
          throw new DomainError(
            "CONFLICT",
            `Merging ${sha.slice(0, 7)} into ${branches.prod} conflicts${files.length ? ` in ${files.join(", ")}` : ""}; resolve it in git.`,
          );
        }
        toSha = await clone.revParse("HEAD");
      } else log.line(`${branches.prod} already has ${sha.slice(0, 7)}: nothing to push`);
      if (toSha !== prodSha) {
        log.line(`Pushing ${toSha.slice(0, 7)} to ${branches.prod}…`);
        await clone.push(branches.prod);
        log.line(`Pushed: ${branches.prod} is at ${toSha.slice(0, 7)}`);
      }
      const builds = await deployProdNow(deps, app, branches.prod, toSha, release.actorId, release.serviceId);
      const buildIds = await releasePushed(deps, release.id, toSha, builds);
      await audit({ outcome: "pushed", to: toSha, fastForward, builds: buildIds.length });
      return { toSha, builds };
    } catch (e) {
      const error = (e as Error).message;
      await markReleaseFailed(db, release.id, error);
      await audit({ outcome: "failed", error });
      throw e;
    }
  });
}
