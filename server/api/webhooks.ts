import { z } from "zod";
import { orgProcedure, router } from "../trpc/init";
import { rotateWebhookSecret } from "../domain/apps/rotate-webhook-secret";
import { createCipher } from "../domain/secrets/cipher";
import { createGitHubAccess } from "../domain/github/github-access";

/** Connecting an app's repository to Slipway's webhooks (GitHub or any git server's post-receive hook). */
export const webhooksRouter = router({
  rotateSecret: orgProcedure("apps.write")
    .input(z.object({ appSlug: z.string().min(1).max(100), githubRepo: z.string().max(201).nullish() }))
    .mutation(({ ctx, input }) => {
      const cipher = createCipher(ctx.env.SLIPWAY_ENCRYPTION_KEY);
      const github = createGitHubAccess({ db: ctx.db, cipher, apiUrl: ctx.env.GITHUB_API_URL, personalToken: ctx.env.GITHUB_TOKEN });
      const orgId = ctx.member.orgId;
      return rotateWebhookSecret(ctx.db, cipher, orgId, ctx.member.userId, input.appSlug, input.githubRepo, ctx.env.NEXTAUTH_URL, (repo) =>
        github.assertVisible(orgId, repo),
      );
    }),
});
