import type { Db } from "../../db";

/** The org's apps and their services (folder, target): how the CLI finds which service a folder is. */
export async function listAppServices(db: Db, orgId: string) {
  const apps = await db.app.findMany({
    where: { orgId },
    orderBy: { slug: "asc" },
    select: { slug: true, name: true, services: { orderBy: { name: "asc" }, select: { name: true, path: true, target: true } } },
  });
  return apps;
}
