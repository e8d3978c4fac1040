import type { Db } from "../../db";

/** Where a profile is used: apps that default to it and stage mappings that point at it. */
export async function profileUsage(db: Pick<Db, "app" | "stageMapping">, orgId: string, profileId: string) {
  const [defaults, mappings] = await Promise.all([
    db.app.findMany({ where: { orgId, defaultProfileId: profileId }, select: { slug: true } }),
    db.stageMapping.findMany({
      where: { profileId, app: { orgId } },
      select: { stage: true, app: { select: { slug: true } } },
      orderBy: { stage: "asc" },
    }),
  ]);
  return [...defaults.map((a) => `default profile of app ${a.slug}`), ...mappings.map((m) => `stage ${m.stage} of app ${m.app.slug}`)];
}
