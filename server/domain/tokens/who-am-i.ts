import type { Db } from "../../db";
import { PERMISSIONS, type Action } from "../auth/permissions";
import type { TokenMember } from "./authenticate-token";

/** The token's user, org and role, and what the role allows (`slipway login` shows it). */
export async function whoAmI(db: Db, member: TokenMember) {
  const user = await db.user.findUniqueOrThrow({ where: { id: member.userId }, select: { id: true, name: true, email: true } });
  const org = await db.org.findUniqueOrThrow({ where: { id: member.orgId }, select: { id: true, slug: true, name: true } });
  const allowed = (Object.keys(PERMISSIONS) as Action[]).filter((a) => (PERMISSIONS[a] as readonly string[]).includes(member.role));
  return { user, org, role: member.role, allowed };
}
