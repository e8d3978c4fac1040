import { z } from "zod";
import { orgProcedure, router, type Context } from "../trpc/init";
import { createChannelInput, updateChannelInput } from "../domain/notifications/channel-input";
import { createChannel } from "../domain/notifications/create-channel";
import { updateChannel } from "../domain/notifications/update-channel";
import { deleteChannel } from "../domain/notifications/delete-channel";
import { listChannels } from "../domain/notifications/list-channels";
import { listDeliveries } from "../domain/notifications/list-deliveries";
import { sendTest } from "../domain/notifications/send-test";
import { resendDelivery } from "../domain/notifications/resend-delivery";

const appSlug = z.string().min(1).max(100);
const id = z.string().min(1).max(100);
const sink = (ctx: Context) => ({ db: ctx.db, queue: ctx.notifications });

/** An app's notification channels: their rules, delivery logs, "send a test" and "send again". */
export const notificationsRouter = router({
  list: orgProcedure("notifications.read")
    .input(z.object({ appSlug }))
    .query(({ ctx, input }) => listChannels(ctx.db, ctx.member.orgId, input.appSlug)),
  deliveries: orgProcedure("notifications.read")
    .input(z.object({ appSlug, channelId: id }))
    .query(({ ctx, input }) => listDeliveries(ctx.db, ctx.member.orgId, input.appSlug, input.channelId)),
  create: orgProcedure("notifications.write")
    .input(createChannelInput)
    .mutation(({ ctx, input }) => createChannel(ctx.db, ctx.cipher, ctx.member.orgId, ctx.member.userId, input)),
  update: orgProcedure("notifications.write")
    .input(updateChannelInput)
    .mutation(({ ctx, input }) => updateChannel(ctx.db, ctx.member.orgId, ctx.member.userId, input)),
  remove: orgProcedure("notifications.write")
    .input(z.object({ appSlug, channelId: id }))
    .mutation(({ ctx, input }) => deleteChannel(ctx.db, ctx.member.orgId, ctx.member.userId, input.appSlug, input.channelId)),
  sendTest: orgProcedure("notifications.write")
    .input(z.object({ appSlug, channelId: id }))
    .mutation(({ ctx, input }) =>
      sendTest(sink(ctx), ctx.member.orgId, ctx.member.userId, input.appSlug, input.channelId, ctx.env.NEXTAUTH_URL),
    ),
  resend: orgProcedure("notifications.write")
    .input(z.object({ appSlug, channelId: id, deliveryId: id }))
    .mutation(({ ctx, input }) =>
      resendDelivery(sink(ctx), ctx.member.orgId, ctx.member.userId, input.appSlug, input.channelId, input.deliveryId),
    ),
});
