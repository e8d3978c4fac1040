import type { Db } from "../../db";
import { recordAudit } from "../audit/record-audit";

/**
 * The release row of a prod rollback made in git (revert, make permanent) and its audit writer:
 * both name the service on prod, the commit it goes back to and the deployment that served it.
 */
export async function openRollbackRelease(
  db: Db,
  opts: {
    orgId: string;
    appId: string;
    appSlug: string;
    service: { id: string; name: string };
    actorId: string;
    note: string;
    kind: "ROLLBACK_REVERT" | "ROLLBACK_PERMANENT";
    target: { id: string; commitSha: string };
    auditFields: Record<string, unknown>;
  },
) {
  const release = await db.release.create({
    data: {
      orgId: opts.orgId,
      appId: opts.appId,
      kind: opts.kind,
      serviceId: opts.service.id,
      actorId: opts.actorId,
      note: opts.note,
      sourceSha: opts.target.commitSha,
      targetDeploymentId: opts.target.id,
    },
  });
  const audit = (after: Record<string, unknown>) =>
    recordAudit(db, {
      orgId: opts.orgId,
      actorId: opts.actorId,
      action: "release.rollback",
      target: `${opts.appSlug}/${opts.service.name}@prod`,
      after: { ...opts.auditFields, to: opts.target.commitSha, note: opts.note, ...after },
    });
  return { release, audit };
}

/**
 * A release row follows its git push: pushed (with the builds that deploy it; done at once when
 * nothing needs building) or failed with the reason the user sees.
 */
export async function markReleasePushed(db: Db, releaseId: string, toSha: string, builds: Array<{ id: string }>) {
  const buildIds = builds.map((b) => b.id);
  await db.release.update({
    where: { id: releaseId },
    data: { toSha, buildIds, ...(buildIds.length === 0 && { status: "SUCCEEDED", finishedAt: new Date() }) },
  });
  return buildIds;
}

export async function markReleaseFailed(db: Db, releaseId: string, error: string) {
  await db.release.update({ where: { id: releaseId }, data: { status: "FAILED", error: error.slice(0, 2000), finishedAt: new Date() } });
}
