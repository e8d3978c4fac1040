import type { Db } from "../../db";

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
