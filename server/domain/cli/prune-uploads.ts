import type { Db } from "../../db";
import { createArtifactStore, type ArtifactStore } from "../../artifacts/artifact-store";

/** How long an uploaded working copy is kept after upload (so a CLI build can be re-run for a while). */
export const UPLOAD_TTL_MS = 7 * 24 * 60 * 60 * 1000;
const ACTIVE = ["QUEUED", "RUNNING"] as const;

/**
 * Deletes uploads older than the TTL, except those a queued or running build still needs. A rerun
 * of an older CLI build then fails at checkout saying its working copy is gone.
 */
export async function pruneUploads(
  db: Db,
  where: string | Pick<ArtifactStore, "listUploads" | "deleteUpload">,
  now = Date.now(),
  ttlMs = UPLOAD_TTL_MS,
): Promise<number> {
  // A data folder (as before) or the configured artifact store (uploads in S3).
  const store = typeof where === "string" ? createArtifactStore({ dataDir: where }) : where;
  const uploads = await store.listUploads();
  if (uploads.length === 0) return 0;
  const busy = new Set(
    (
      await db.build.findMany({ where: { status: { in: [...ACTIVE] }, sourceArchive: { not: null } }, select: { sourceArchive: true } })
    ).map((b) => b.sourceArchive),
  );
  let removed = 0;
  for (const u of uploads) {
    if (busy.has(u.name)) continue;
    if (now - u.modifiedAt.getTime() > ttlMs) {
      await store.deleteUpload(u.name);
      removed++;
    }
  }
  return removed;
}
