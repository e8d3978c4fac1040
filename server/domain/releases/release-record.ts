import type { Db } from "../../db";
import { recordAudit } from "../audit/record-audit";
import { scrubUrls } from "../git/git-failure";

/**
 * The release row of a prod rollback made in git (revert, make permanent): it names the service on
 * prod, the commit it goes back to and the deployment that served it. Written QUEUED by the web.
 */
export function rollbackReleaseRow(opts: {
  orgId: string;
  service: { id: string };
  actorId: string;
  note: string;
  kind: "ROLLBACK_REVERT" | "ROLLBACK_PERMANENT";
  target: { id: string; commitSha: string };
}) {
  return {
    orgId: opts.orgId,
    kind: opts.kind,
    serviceId: opts.service.id,
    actorId: opts.actorId,
    note: opts.note,
    sourceSha: opts.target.commitSha,
    targetDeploymentId: opts.target.id,
  };
}

/** The audit writer of a git rollback's outcome (the worker's release job records it when it knows). */
export function rollbackAudit(
  db: Db,
  release: { orgId: string; actorId: string | null; note: string; sourceSha: string | null },
  opts: { appSlug: string; service: { name: string }; auditFields: Record<string, unknown> },
) {
  return (after: Record<string, unknown>) =>
    recordAudit(db, {
      orgId: release.orgId,
      actorId: release.actorId,
      action: "release.rollback",
      target: `${opts.appSlug}/${opts.service.name}@prod`,
      after: { ...opts.auditFields, to: release.sourceSha, note: release.note, ...after },
    });
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

/** Fails a release that has not ended (a second call keeps the first reason). URLs lose their credentials. */
export async function markReleaseFailed(db: Db, releaseId: string, error: string) {
  await db.release.updateMany({
    where: { id: releaseId, status: { in: ["QUEUED", "RUNNING"] } },
    data: { status: "FAILED", error: scrubUrls(error).slice(0, 2000), finishedAt: new Date() },
  });
}
