import type { Release } from "@prisma/client";
import { recordAudit } from "../audit/record-audit";
import { DomainError } from "../errors";
import { markReleaseFailed } from "./release-record";
import { withProdClone, releasePushed } from "./prod-clone";
import { mergeReason, planPromotion, stagedCommits } from "./promote-staging";
import { deployProdNow } from "./deploy-prod-now";
import { releaseBranches, type ReleaseApp, type ReleaseDeps } from "./release-app";
import type { ReleaseLog } from "../../logs/release-log";

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
