import { z } from "zod";
import { orgProcedure, router } from "../trpc/init";
import { listApps } from "../domain/apps/list-apps";
import { getApp } from "../domain/apps/get-app";
import { deployBranch } from "../domain/apps/deploy-branch";

const slug = z.string().min(1).max(100);

export const appsRouter = router({
  list: orgProcedure("apps.read").query(({ ctx }) => listApps(ctx.db, ctx.member.orgId)),
  get: orgProcedure("apps.read")
    .input(z.object({ slug, previews: z.object({ search: z.string().max(100).optional(), limit: z.number().int().min(1).max(500).optional() }).optional() }))
    .query(({ ctx, input }) => getApp(ctx.db, ctx.member.orgId, input.slug, ctx.env.RUNTIME_PUBLIC_URL!, input.previews)),
  deployBranch: orgProcedure("builds.trigger")
    .input(z.object({ slug, branch: z.string().min(1).max(250) }))
    .mutation(({ ctx, input }) =>
      deployBranch({ db: ctx.db, queue: ctx.queue, dataDir: ctx.env.SLIPWAY_DATA_DIR }, ctx.member.orgId, ctx.member.userId, input.slug, input.branch),
    ),
});
