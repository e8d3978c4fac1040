import type { Db } from "../../db";
import { recordAudit } from "../audit/record-audit";
import type { UpdateChannelInput } from "./channel-input";
import { checkServices, findChannel } from "./find-channel";

/** Renames, pauses or resumes a channel, or changes its rule (events, stages, services). */
export async function updateChannel(db: Db, orgId: string, actorId: string, input: UpdateChannelInput) {
  const { app, channel } = await findChannel(db, orgId, input.appSlug, input.channelId);
  if (input.rule) await checkServices(db, app.id, input.rule.services);
  const data = {
    name: input.name,
    enabled: input.enabled,
    ...(input.rule && { events: input.rule.events, stages: input.rule.stages, services: input.rule.services }),
  };
  await db.$transaction(async (tx) => {
    await tx.notificationChannel.update({ where: { id: channel.id }, data });
    await recordAudit(tx, {
      orgId,
      actorId,
      action: "notifications.channel-update",
      target: `${app.slug}/${channel.name}`,
      before: { name: channel.name, enabled: channel.enabled, events: channel.events, stages: channel.stages, services: channel.services },
      after: data,
    });
  });
  return { id: channel.id };
}
