import { handleBranchPush } from "../triggers/handle-branch";
import { mirrorDir } from "../git/mirror-dir";
import { queueBuild } from "../builds/queue-build";
import { commitInfo } from "../git/git";
import { rememberRef, type ReleaseApp, type ReleaseDeps } from "./release-app";

/**
 * Deploys the prod branch now instead of waiting for the watcher. The whole app goes through
 * handleBranchPush as a push would (only services the commit changes are built, and a duplicate
 * report of the same commit by the watcher collapses); a one-service release queues that service alone.
 */
export async function deployProdNow(
  deps: ReleaseDeps,
  app: ReleaseApp,
  prodBranch: string,
  sha: string,
  actorId: string | null,
  serviceId?: string | null,
  trigger = "promotion",
) {
  await rememberRef(deps.db, app.repositoryId, prodBranch, sha);
  const triggerDeps = { db: deps.db, queue: deps.queue, cipher: deps.cipher, env: deps.env };
  if (!serviceId) {
    const builds = await handleBranchPush(triggerDeps, app.id, prodBranch, sha, "push", actorId);
    if (builds.length) return builds;
    // The watcher may have noticed the push first and queued these builds itself: follow those.
    return deps.db.build.findMany({
      where: {
        commitSha: sha,
        instance: { appId: app.id, stage: "prod" },
        kind: "DEPLOY",
        createdAt: { gte: new Date(Date.now() - 5 * 60_000) },
      },
    });
  }
  const service = app.services.find((s) => s.id === serviceId)!;
  const instance = app.instances.find((i) => i.serviceId === serviceId && i.stage === "prod");
  if (instance?.currentDeployment?.commitSha === sha && !instance.pinnedDeploymentId) return [];
  const info = await commitInfo(mirrorDir(deps.dataDir, app.repositoryId), sha);
  return [
    await queueBuild(deps.db, deps.queue, {
      serviceId: service.id,
      stage: "prod",
      region: instance?.region,
      trigger,
      branch: prodBranch,
      commitSha: sha,
      commitMessage: info.message,
      commitAuthor: info.author,
      requestedById: actorId,
    }),
  ];
}
