import type { AppDeps } from "../../deps";
import { repositoryRemote } from "../repositories/repository-remote";
import { changedFiles, commitInfo, syncMirror } from "../git/git";
import { queueBuild } from "../builds/queue-build";
import { branchDeploymentSchema, targetForBranch } from "./branch-rules";
import { servicesToBuild } from "./services-to-build";
import { mirrorDir } from "../git/mirror-dir";

/** Builds are queued on `queue`; `cipher` opens the repository's stored credentials for git; mirrors live under SLIPWAY_DATA_DIR. */
export type TriggerDeps = Pick<AppDeps, "db" | "queue" | "cipher" | "env">;

/**
 * A push to `branch` at `sha`: every service it touches is built for the stage the branch maps to
 * (a branch deployment or the branch's preview stage).
 */
export async function handleBranchPush(
  deps: TriggerDeps,
  appId: string,
  branch: string,
  sha: string,
  trigger = "push",
  requestedById: string | null = null,
  /** Only these services (a pull request previews the services whose previewTargetBranch is its base). */
  onlyServices?: (service: { previewEnabled: boolean; previewTargetBranch: string }) => boolean,
  /** A fork's pull request: preview stages only (never a branch deployment), and each build waits for approval.
   * mirrorSynced: the caller fetched the mirror just now. */
  options: { fromFork?: boolean; mirrorSynced?: boolean } = {},
) {
  const { db } = deps;
  const app = await db.app.findUniqueOrThrow({
    where: { id: appId },
    include: { repository: true, services: true, instances: { include: { currentDeployment: true } } },
  });
  const gitDir = mirrorDir(deps.env.SLIPWAY_DATA_DIR, app.repositoryId);
  // The push job has just fetched the mirror to read the branch head; once is enough.
  if (!options.mirrorSynced) await syncMirror(await repositoryRemote(db, deps.cipher, app.repository), gitDir);
  const info = await commitInfo(gitDir, sha);
  const reserved = new Set(
    app.services.flatMap((s) => {
      const parsed = branchDeploymentSchema.safeParse(s.branchDeployments);
      return parsed.success ? parsed.data.map((d) => d.stage) : [];
    }),
  );
  // A push and a pull request event (or a webhook and the poller) may report the same commit.
  const incremental = trigger === "push" || trigger === "pull_request";
  const builds = [];
  for (const service of app.services) {
    if (onlyServices && !onlyServices(service)) continue;
    const own = app.instances.find((i) => i.serviceId === service.id && i.branch === branch && !i.removedAt);
    const taken = new Set([
      ...reserved,
      ...app.instances.filter((i) => i.serviceId === service.id && i.branch && i.branch !== branch).map((i) => i.stage),
    ]);
    const target = own ? ({ kind: "preview", stage: own.stage } as const) : targetForBranch(service, branch, taken);
    if (target.kind === "none") continue;
    if (options.fromFork && target.kind !== "preview") continue;
    const instance = app.instances.find((i) => i.serviceId === service.id && i.stage === target.stage && !i.removedAt);
    const previous = instance?.currentDeployment?.commitSha ?? null;
    const changed = incremental ? await changedFiles(gitDir, previous, sha) : null;
    if (previous === sha && incremental) continue;
    if (incremental && instance) {
      const pending = await db.build.count({
        where: { instanceId: instance.id, kind: "DEPLOY", commitSha: info.sha, status: { in: ["QUEUED", "RUNNING"] } },
      });
      if (pending > 0) continue;
    }
    if (servicesToBuild([service], changed).length === 0) continue;
    builds.push(
      await queueBuild(db, deps.queue, {
        serviceId: service.id,
        stage: target.stage,
        trigger: target.kind === "preview" ? "preview" : trigger,
        branch,
        previewBranch: target.kind === "preview" ? branch : null,
        commitSha: info.sha,
        commitMessage: info.message,
        commitAuthor: info.author,
        requestedById,
        fromFork: options.fromFork ?? false,
      }),
    );
  }
  return builds;
}

const DELETION_REASON: Record<string, (branch: string) => string> = {
  "branch-deleted": (b) => `Branch ${b} was deleted`,
  "pr-closed": (b) => `The pull request of ${b} was closed`,
  reconcile: (b) => `Branch ${b} no longer exists on the remote`,
};

/** A deleted branch: its preview stages are destroyed (deployment, schedules, outputs). */
export async function handleBranchDeleted(deps: TriggerDeps, appId: string, branch: string, trigger = "branch-deleted") {
  const instances = await deps.db.serviceInstance.findMany({
    where: { appId, branch, removedAt: null, service: { previewDestroy: true } },
    include: { currentDeployment: true },
  });
  const builds = [];
  for (const instance of instances) {
    // Already being destroyed (a webhook, the poller and the reconciler may all notice the deletion).
    const removing = await deps.db.build.count({
      where: { instanceId: instance.id, kind: "REMOVE", status: { in: ["QUEUED", "RUNNING"] } },
    });
    if (removing > 0) continue;
    builds.push(
      await queueBuild(deps.db, deps.queue, {
        serviceId: instance.serviceId,
        stage: instance.stage,
        region: instance.region,
        kind: "REMOVE",
        trigger,
        branch,
        commitSha: instance.currentDeployment?.commitSha ?? "0".repeat(40),
        commitMessage: DELETION_REASON[trigger]?.(branch) ?? `Preview of ${branch} destroyed (${trigger})`,
      }),
    );
  }
  return builds;
}
