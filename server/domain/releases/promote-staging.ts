import { recordAudit } from "../audit/record-audit";
import { markReleaseFailed } from "./release-record";
import { withProdClone, releasePushed } from "./release-session";
import { DomainError } from "../errors";
import { deployProdNow, loadReleaseApp, releaseBranches, type ReleaseDeps } from "./release-app";

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
  | { needsConfirmation: "merge"; stagingSha: string; prodSha: string; reason: string }
  | {
      needsConfirmation: null;
      releaseId: string;
      fastForward: boolean;
      pushed: boolean;
      toSha: string;
      builds: { id: string; number: number }[];
    };

/**
 * Promotes what staging runs to prod, the git way: the newest commit deployed on staging is merged
 * into the prod branch (a fast-forward when possible, a merge commit once the user agrees) and
 * pushed; the prod deployment is triggered at once. Refused while staging's last build has not
 * succeeded, when that commit left the staging branch, or while prod is already deploying.
 */
export async function promoteStaging(deps: ReleaseDeps, input: PromoteInput): Promise<PromoteResult> {
  const { db } = deps;
  const app = await loadReleaseApp(db, input.orgId, input.slug);
  const branches = releaseBranches(app);
  const services = input.serviceId ? app.services.filter((s) => s.id === input.serviceId) : app.services;
  if (services.length === 0) throw new DomainError("NOT_FOUND", "No such service in this app.", "serviceId");

  const staged: { service: (typeof services)[number]; sha: string }[] = [];
  for (const service of services) {
    const instance = app.instances.find((i) => i.serviceId === service.id && i.stage === "staging");
    if (!instance?.currentDeployment) {
      if (input.serviceId) throw new DomainError("BAD_INPUT", `${service.name} has nothing deployed on staging.`);
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

  return withProdClone<PromoteResult>(deps, app, input.actorId, async (clone) => {
    // The newest staged commit: every other staged service runs an ancestor of it.
    let sha = staged[0].sha;
    for (const s of staged.slice(1)) if (await clone.isAncestor(sha, s.sha)) sha = s.sha;
    for (const s of staged) {
      if (!(await clone.isAncestor(s.sha, sha)))
        throw new DomainError(
          "CONFLICT",
          `Staging's services run diverging commits (${s.service.name} at ${s.sha.slice(0, 7)}); redeploy staging first.`,
        );
    }
    if (!(await clone.isAncestor(sha, `origin/${branches.staging}`))) {
      throw new DomainError(
        "CONFLICT",
        `Commit ${sha.slice(0, 7)} deployed on staging is no longer on ${branches.staging} (was the branch rewritten?). Redeploy staging first.`,
      );
    }
    const prodSha = await clone.revParse("HEAD");
    const onProd = await clone.isAncestor(sha, prodSha);
    const fastForward = !onProd && (await clone.isAncestor(prodSha, sha));
    if (!onProd && !fastForward && !input.confirmMerge) {
      return {
        needsConfirmation: "merge",
        stagingSha: sha,
        prodSha,
        reason: `${branches.prod} has commits that ${branches.staging} does not: promoting makes a merge commit on ${branches.prod}.`,
      };
    }
    const release = await db.release.create({
      data: {
        orgId: input.orgId,
        appId: app.id,
        kind: "PROMOTE",
        serviceId: input.serviceId ?? null,
        actorId: input.actorId,
        note: input.note ?? "",
        fromSha: prodSha,
        sourceSha: sha,
        fastForward,
      },
    });
    const audit = (after: Record<string, unknown>) =>
      recordAudit(db, {
        orgId: input.orgId,
        actorId: input.actorId,
        action: "release.promote",
        target: `${app.slug}@${branches.prod}`,
        before: { prod: prodSha },
        after: { staging: sha, service: services.length === 1 ? services[0].name : null, note: input.note ?? "", ...after },
      });
    try {
      let toSha = prodSha;
      if (fastForward) {
        await clone.git(["merge", "--ff-only", "--quiet", sha]);
        toSha = sha;
      } else if (!onProd) {
        const merged = await clone.git(
          [
            "merge",
            "--no-ff",
            "--quiet",
            "-m",
            `Promote ${branches.staging} (${sha.slice(0, 7)}) to ${branches.prod}`,
            ...(input.note ? ["-m", input.note] : []),
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
      }
      if (toSha !== prodSha) await clone.push(branches.prod);
      const builds = await deployProdNow(deps, app, branches.prod, toSha, input.actorId, input.serviceId);
      const buildIds = await releasePushed(deps, release.id, toSha, builds);
      await audit({ outcome: "pushed", to: toSha, fastForward, builds: buildIds.length });
      return {
        needsConfirmation: null,
        releaseId: release.id,
        fastForward,
        pushed: toSha !== prodSha,
        toSha,
        builds: builds.map((b) => ({ id: b.id, number: b.number })),
      };
    } catch (e) {
      const error = (e as Error).message;
      await markReleaseFailed(db, release.id, error);
      await audit({ outcome: "failed", error });
      throw e;
    }
  });
}
