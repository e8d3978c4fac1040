import { DomainError } from "../errors";
import { recordAudit } from "../audit/record-audit";
import type { EventSink } from "./events";
import { findChannel } from "./find-channel";

/** "Send again": the same event to the same channel as a new delivery (its own attempts in the log). */
export async function resendDelivery(
  sink: EventSink,
  orgId: string,
  actorId: string,
  appSlug: string,
  channelId: string,
  deliveryId: string,
) {
  const { db } = sink;
  const { app, channel } = await findChannel(db, orgId, appSlug, channelId);
  const original = await db.notificationDelivery.findFirst({ where: { id: deliveryId, channelId: channel.id } });
  if (!original) throw new DomainError("NOT_FOUND", "No such delivery in this channel's log.");
  const id = await db.$transaction(async (tx) => {
    const d = await tx.notificationDelivery.create({ data: { channelId: channel.id, eventId: original.eventId, test: original.test } });
    await recordAudit(tx, {
      orgId,
      actorId,
      action: "notifications.resend",
      target: `${app.slug}/${channel.name}`,
      after: { deliveryOf: original.id },
    });
    return d.id;
  });
  await sink.queue.enqueue(id);
  return { deliveryId: id };
}
