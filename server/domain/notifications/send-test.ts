import type { Db } from "../../db";
import { recordAudit } from "../audit/record-audit";
import type { EventSink } from "./events";
import { findChannel } from "./find-channel";

/** "Send a test": a `test` event to this one channel, whatever its rule, through the same queue and log. */
export async function sendTest(sink: EventSink, orgId: string, actorId: string, appSlug: string, channelId: string, dashboardUrl: string) {
  const db: Db = sink.db;
  const { app, channel } = await findChannel(db, orgId, appSlug, channelId);
  const url = `${dashboardUrl.replace(/\/+$/, "")}/apps/${encodeURIComponent(app.slug)}/settings/notifications`;
  const deliveryId = await db.$transaction(async (tx) => {
    const event = await tx.notificationEvent.create({
      data: {
        orgId,
        appId: app.id,
        type: "test",
        payload: { summary: `A test notification from Slipway for ${app.name} (channel “${channel.name}”).`, url },
      },
    });
    const d = await tx.notificationDelivery.create({ data: { channelId: channel.id, eventId: event.id, test: true } });
    await recordAudit(tx, { orgId, actorId, action: "notifications.send-test", target: `${app.slug}/${channel.name}` });
    return d.id;
  });
  await sink.queue.enqueue(deliveryId);
  return { deliveryId };
}
