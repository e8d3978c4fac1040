import { readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { Db } from "../../db";

/** How long an uploaded working copy is kept after upload (so a CLI build can be re-run for a while). */
export const UPLOAD_TTL_MS = 7 * 24 * 60 * 60 * 1000;
const ACTIVE = ["QUEUED", "RUNNING"] as const;

/**
 * Deletes uploads older than the TTL, except those a queued or running build still needs. A rerun
 * of an older CLI build then fails at checkout saying its working copy is gone.
 */
export async function pruneUploads(db: Db, dataDir: string, now = Date.now(), ttlMs = UPLOAD_TTL_MS): Promise<number> {
  const dir = path.join(dataDir, "uploads");
  const names = await readdir(dir).catch(() => [] as string[]);
  if (names.length === 0) return 0;
  const busy = new Set(
    (await db.build.findMany({ where: { status: { in: [...ACTIVE] }, sourceArchive: { not: null } }, select: { sourceArchive: true } })).map((b) => b.sourceArchive),
  );
  let removed = 0;
  for (const name of names) {
    const relative = path.join("uploads", name);
    if (busy.has(relative)) continue;
    const info = await stat(path.join(dir, name)).catch(() => null);
    if (info && now - info.mtimeMs > ttlMs) {
      await rm(path.join(dir, name), { force: true });
      removed++;
    }
  }
  return removed;
}
