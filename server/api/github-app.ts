import { z } from "zod";
import { orgProcedure, router } from "../trpc/init";
import { getGitHubApp } from "../domain/github/get-github-app";
import { saveGitHubApp } from "../domain/github/save-github-app";
import { removeGitHubApp } from "../domain/github/remove-github-app";

/** The org's GitHub App: app id, private key and webhook secret (write-only). */
export const githubAppRouter = router({
  get: orgProcedure("github.read").query(({ ctx }) => getGitHubApp(ctx.db, ctx.member.orgId, !!ctx.env.GITHUB_TOKEN, ctx.env.NEXTAUTH_URL)),
  save: orgProcedure("github.write")
    .input(
      z.object({
        appId: z.string().trim().min(1).max(20),
        privateKey: z.string().max(10_000).nullish(),
        webhookSecret: z.string().max(500).nullish(),
      }),
    )
    .mutation(({ ctx, input }) =>
      saveGitHubApp({ db: ctx.db, cipher: ctx.cipher, apiUrl: ctx.env.GITHUB_API_URL }, ctx.member.orgId, ctx.member.userId, input),
    ),
  remove: orgProcedure("github.write").mutation(({ ctx }) => removeGitHubApp(ctx.db, ctx.member.orgId, ctx.member.userId)),
});
