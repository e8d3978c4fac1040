import type { Db } from "../../db";
import type { BuildQueue } from "../../queue";
import { DomainError } from "../errors";
import { recordAudit } from "../audit/record-audit";
import { queueBuild } from "./queue-build";

/** Queues the same service, stage and commit again (after a flaky test, say). */
export async function rerunBuild(db: Db, queue: BuildQueue, orgId: string, actorId: string, buildId: string) {
  const old = await db.build.findFirst({ where: { id: buildId, service: { app: { orgId } } }, include: { instance: true } });
  if (!old) throw new DomainError("NOT_FOUND", "No such build.");
  const build = await queueBuild(db, queue, {
    serviceId: old.serviceId,
    stage: old.instance.stage,
    region: old.instance.region,
    kind: old.kind,
    trigger: "rerun",
    branch: old.branch,
    commitSha: old.commitSha,
    commitMessage: old.commitMessage,
    commitAuthor: old.commitAuthor,
    requestedById: actorId,
    sourceArchive: old.sourceArchive,
    cliParams: old.cliParams as Record<string, string> | null,
    // A fork's code again: the new build waits for its own approval.
    fromFork: old.fromFork,
  });
  await recordAudit(db, { orgId, actorId, action: "build.rerun", target: `build #${old.number}`, after: { build: build.number } });
  return build;
}
