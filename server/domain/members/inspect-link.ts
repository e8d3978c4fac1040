import type { AccountLinkKind } from "@prisma/client";
import type { Db } from "../../db";
import { findLiveLink } from "./account-links";

/** What an invitation or reset page shows before the person types anything (or why the link is refused). */
export async function inspectLink(db: Db, token: unknown, kind: AccountLinkKind, now = new Date()) {
  const link = await findLiveLink(db, token, kind, now);
  return { kind, email: link.email, role: link.role, orgName: link.org.name, expiresAt: link.expiresAt };
}
