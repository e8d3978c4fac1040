import type { Db } from "../../db";
import { parameterView } from "./parameter-view";
import { resolveOwner, type ParamOwner } from "./param-owner";

/** The parameters of one owner (profile, app, or app stage), secrets masked. */
export async function listParameters(db: Db, orgId: string, owner: ParamOwner) {
  const { where } = await resolveOwner(db, orgId, owner);
  const rows = await db.parameter.findMany({ where: { orgId, ...where }, orderBy: { key: "asc" } });
  return rows.map(parameterView);
}
