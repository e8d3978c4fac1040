import type { Role } from "@prisma/client";
import type { AppDeps } from "../../deps";
import { DomainError } from "../errors";
import { recordAudit } from "../audit/record-audit";
import { can } from "../auth/permissions";
import { branchStages } from "../cli/find-service";
import { commitInfo, syncMirror } from "../git/git";
import { liveBranches } from "../triggers/live-branches";
import { repositoryRemote } from "../repositories/repository-remote";
import { mirrorDir } from "../git/mirror-dir";
import { queueBuild } from "./queue-build";

interface Actor {
  orgId: string;
  userId: string;
  role: Role;
}

/**
 * Runs a build again (after a flaky test, say). On a stage that follows a branch (staging ←
 * master, prod ← prod, a branch's preview) git decides what is deployed: a re-run builds the
 * branch's current head, read from the remote, never the old build's commit — putting an old
 * commit back is a rollback, with its own permission, on the release page. Re-running the removal
 * of a stage whose branch still exists needs that rollback permission too. Other stages (personal
 * CLI stages, manual deploys) get the same commit or working copy again.
 */
export async function rerunBuild(deps: Pick<AppDeps, "db" | "queue" | "cipher" | "env">, actor: Actor, buildId: string) {
  const { db } = deps;
  const old = await db.build.findFirst({
    where: { id: buildId, service: { app: { orgId: actor.orgId } } },
    include: { instance: true, service: { include: { app: { include: { repository: true } } } } },
  });
  if (!old) throw new DomainError("NOT_FOUND", "No such build.");
  const { stage } = old.instance;
  const followed = branchStages(old.service.branchDeployments).get(stage) ?? old.instance.branch;
  let source = { commitSha: old.commitSha, commitMessage: old.commitMessage, commitAuthor: old.commitAuthor, branch: old.branch };
  if (followed) {
    const repo = old.service.app.repository;
    const remote = await repositoryRemote(db, deps.cipher, repo);
    const head = (await liveBranches(db, old.service.appId, remote))[followed];
    if (old.kind === "REMOVE") {
      if (head && !can(actor.role, "releases.rollback")) {
        throw new DomainError(
          "FORBIDDEN",
          `Stage "${stage}" follows ${followed}, which still exists: re-running its removal needs the rollback permission.`,
        );
      }
    } else {
      if (!head)
        throw new DomainError("CONFLICT", `Stage "${stage}" follows ${followed}, which no longer exists: there is nothing to rebuild.`);
      const gitDir = mirrorDir(deps.env.SLIPWAY_DATA_DIR, repo.id);
      await syncMirror(remote, gitDir);
      const info = await commitInfo(gitDir, head);
      source = { commitSha: info.sha, commitMessage: info.message, commitAuthor: info.author, branch: followed };
    }
  }
  const sameSource = source.commitSha === old.commitSha;
  const build = await queueBuild(db, deps.queue, {
    serviceId: old.serviceId,
    stage,
    region: old.instance.region,
    kind: old.kind,
    trigger: "rerun",
    ...source,
    requestedById: actor.userId,
    sourceArchive: sameSource ? old.sourceArchive : null,
    cliParams: sameSource ? (old.cliParams as Record<string, string> | null) : null,
    // A fork's code again: the new build waits for its own approval.
    fromFork: old.fromFork,
  });
  await recordAudit(db, {
    orgId: actor.orgId,
    actorId: actor.userId,
    action: "build.rerun",
    target: `build #${old.number}`,
    after: { build: build.number, commit: source.commitSha, ...(followed && { follows: followed }) },
  });
  return build;
}
