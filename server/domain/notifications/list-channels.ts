import type { Db } from "../../db";
import { findApp } from "../apps/find-app";

/** An app's channels as the settings page shows them: never a URL, a secret or an SMTP password. */
export async function listChannels(db: Db, orgId: string, appSlug: string) {
  const app = await findApp(db, orgId, appSlug);
  const channels = await db.notificationChannel.findMany({
    where: { appId: app.id, orgId },
    orderBy: { createdAt: "asc" },
    include: { deliveries: { orderBy: { createdAt: "desc" }, take: 1, select: { status: true, createdAt: true } } },
  });
  const services = await db.service.findMany({ where: { appId: app.id }, select: { name: true }, orderBy: { name: "asc" } });
  return {
    services: services.map((s) => s.name),
    channels: channels.map((c) => ({
      id: c.id,
      name: c.name,
      kind: c.kind,
      target: c.targetHint,
      recipients: c.recipients,
      events: c.events,
      stages: c.stages,
      services: c.services,
      enabled: c.enabled,
      lastDelivery: c.deliveries[0] ?? null,
    })),
  };
}
