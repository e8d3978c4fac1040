import type { Db } from "../../db";
import { DomainError } from "../errors";
import { findApp } from "../apps/find-app";

/** A channel of an app of the org, or NOT_FOUND: the tenant floor of every channel action. */
export async function findChannel(db: Db, orgId: string, appSlug: string, channelId: string) {
  const app = await findApp(db, orgId, appSlug);
  const channel = await db.notificationChannel.findFirst({ where: { id: channelId, appId: app.id, orgId } });
  if (!channel) throw new DomainError("NOT_FOUND", "No such notification channel in this app.");
  return { app, channel };
}

/** Rule services must be services of the app, so a typo never silences a channel. */
export async function checkServices(db: Db, appId: string, services: string[]) {
  if (services.length === 0) return;
  const known = new Set((await db.service.findMany({ where: { appId }, select: { name: true } })).map((s) => s.name));
  const unknown = services.filter((s) => !known.has(s));
  if (unknown.length) throw new DomainError("BAD_INPUT", `Not a service of this app: ${unknown.join(", ")}.`, "services");
}
