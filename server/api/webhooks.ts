import { z } from "zod";
import { orgProcedure, router } from "../trpc/init";
import { rotateWebhookSecret } from "../domain/apps/rotate-webhook-secret";

/** Connecting an app's repository to Slipway's webhooks (GitHub or any git server's post-receive hook). */
export const webhooksRouter = router({
  rotateSecret: orgProcedure("apps.write")
    .input(z.object({ appSlug: z.string().min(1).max(100), githubRepo: z.string().max(201).nullish() }))
    .mutation(({ ctx, input }) => {
      return rotateWebhookSecret(ctx, { orgId: ctx.member.orgId, actorId: ctx.member.userId, ...input });
    }),
});
