import type { Db } from "../../db";
import { recordAudit } from "../audit/record-audit";
import { findChannel } from "./find-channel";

/** Removes a channel and its delivery log; deliveries still queued find it gone and stop. */
export async function deleteChannel(db: Db, orgId: string, actorId: string, appSlug: string, channelId: string) {
  const { app, channel } = await findChannel(db, orgId, appSlug, channelId);
  await db.$transaction(async (tx) => {
    await tx.notificationChannel.delete({ where: { id: channel.id } });
    await recordAudit(tx, {
      orgId,
      actorId,
      action: "notifications.channel-delete",
      target: `${app.slug}/${channel.name}`,
      before: { kind: channel.kind, target: channel.targetHint },
    });
  });
  return { id: channel.id };
}
