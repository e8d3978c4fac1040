import { repositoryRemote } from "../repositories/repository-remote";
import { liveBranches } from "./live-branches";
import { queueBuild } from "../builds/queue-build";
import { handleBranchDeleted, type TriggerDeps } from "./handle-branch";

export interface ReconcileOptions {
  /** Preview stages with no build for this long are destroyed; 0 = never. */
  ttlHours: number;
  now?: Date;
}

/**
 * The safety net behind webhooks and the poller, which can both miss a deletion (a webhook lost,
 * Slipway down while the branch went away): every live preview stage whose branch is gone from the
 * remote is destroyed, and, with a TTL, every preview stage nobody has built for that long. A fork
 * pull request's `pr-<n>` preview is on no branch of the remote: it lives while its pull request
 * is open (closing it destroys the preview), approved or still waiting for approval.
 */
export async function reconcilePreviews(deps: TriggerDeps, appId: string, opts: ReconcileOptions) {
  const { db } = deps;
  const app = await db.app.findUniqueOrThrow({ where: { id: appId }, include: { repository: true } });
  const previews = await db.serviceInstance.findMany({
    where: { appId, branch: { not: null }, removedAt: null, service: { previewDestroy: true } },
    include: { builds: { orderBy: { createdAt: "desc" }, take: 1 }, currentDeployment: true },
  });
  if (previews.length === 0) return { gone: [], expired: [] };
  const heads = await liveBranches(db, appId, await repositoryRemote(db, deps.cipher, app.repository)); // throws when the remote is unreachable: destroy nothing then
  const gone = [...new Set(previews.map((p) => p.branch!).filter((b) => !(b in heads)))];
  for (const branch of gone) await handleBranchDeleted(deps, appId, branch, "reconcile");

  const expired: string[] = [];
  if (opts.ttlHours > 0) {
    const cutoff = (opts.now ?? new Date()).getTime() - opts.ttlHours * 3_600_000;
    for (const p of previews) {
      if (gone.includes(p.branch!)) continue;
      const last = p.builds[0];
      if (!last || last.createdAt.getTime() > cutoff || ["QUEUED", "RUNNING"].includes(last.status)) continue;
      await queueBuild(db, deps.queue, {
        serviceId: p.serviceId,
        stage: p.stage,
        region: p.region,
        kind: "REMOVE",
        trigger: "preview-ttl",
        branch: p.branch,
        commitSha: p.currentDeployment?.commitSha ?? last.commitSha,
        commitMessage: `No build for ${opts.ttlHours} h: preview destroyed`,
      });
      expired.push(p.stage);
    }
  }
  return { gone, expired };
}
