import type { Db } from "../../db";
import { DomainError } from "../errors";

/** An app of the org by slug, or NOT_FOUND: the tenant floor for every app setting. */
export async function findApp(db: Pick<Db, "app">, orgId: string, slug: string) {
  const app = await db.app.findFirst({ where: { orgId, slug } });
  if (!app) throw new DomainError("NOT_FOUND", `No app "${slug}" in this organization.`);
  return app;
}

export async function findProfile(db: Pick<Db, "deploymentProfile">, orgId: string, profileId: string, field = "profileId") {
  const p = await db.deploymentProfile.findFirst({ where: { id: profileId, orgId } });
  if (!p) throw new DomainError("BAD_INPUT", "Choose a deployment profile of this organization.", field);
  return p;
}
