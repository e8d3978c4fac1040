import type { Db } from "../../db";
import { DomainError } from "../errors";
import { validateStageName } from "../stages/stage-name";

export type ParamOwner =
  { kind: "profile"; profileId: string } | { kind: "app"; appSlug: string } | { kind: "app-stage"; appSlug: string; stage: string };

type Reader = Pick<Db, "deploymentProfile" | "app">;

/** Resolves who a parameter belongs to inside the org: the rows' scope columns and a label for audit and errors. */
export async function resolveOwner(db: Reader, orgId: string, owner: ParamOwner) {
  if (owner.kind === "profile") {
    const p = await db.deploymentProfile.findFirst({ where: { id: owner.profileId, orgId } });
    if (!p) throw new DomainError("NOT_FOUND", "No such deployment profile.");
    return { where: { scope: "PROFILE" as const, profileId: p.id, appId: null, stage: null }, label: `profile ${p.name}` };
  }
  const app = await db.app.findFirst({ where: { orgId, slug: owner.appSlug } });
  if (!app) throw new DomainError("NOT_FOUND", `No app "${owner.appSlug}" in this organization.`);
  if (owner.kind === "app")
    return { where: { scope: "APP" as const, profileId: null, appId: app.id, stage: null }, label: `app ${app.slug}` };
  const bad = validateStageName(owner.stage);
  if (bad) throw new DomainError("BAD_INPUT", bad, "stage");
  return {
    where: { scope: "APP_STAGE" as const, profileId: null, appId: app.id, stage: owner.stage },
    label: `app ${app.slug} stage ${owner.stage}`,
  };
}
