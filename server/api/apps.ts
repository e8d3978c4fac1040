import { z } from "zod";
import { orgProcedure, router } from "../trpc/init";
import { listApps } from "../domain/apps/list-apps";
import { getApp } from "../domain/apps/get-app";
import { runtimeAddress } from "../domain/deployments/instance-url";
import { askWorker } from "../jobs/ask-worker";
import { deployTargets } from "../domain/apps/deploy-targets";
import { appCommitLinks } from "../domain/apps/commit-links";
import type { CreatedApp } from "../domain/apps/create-app";
import type { DeployedBranch } from "../domain/apps/deploy-branch";
import { deleteApp } from "../domain/apps/delete-app";
import { newServiceInput } from "./services";

const slug = z.string().min(1).max(100);

export const appsRouter = router({
  list: orgProcedure("apps.read").query(({ ctx }) => listApps(ctx.db, ctx.member.orgId)),
  get: orgProcedure("apps.read")
    .input(
      z.object({
        slug,
        previews: z.object({ search: z.string().max(100).optional(), limit: z.number().int().min(1).max(500).optional() }).optional(),
      }),
    )
    .query(({ ctx, input }) => getApp(ctx.db, ctx.member.orgId, input.slug, runtimeAddress(ctx.env), input.previews)),
  /** Where the app's commit SHAs link to (the repository's web UI), for every page that shows one. */
  commitLinks: orgProcedure("apps.read")
    .input(z.object({ slug }))
    .query(({ ctx, input }) => appCommitLinks(ctx.db, ctx.member.orgId, input.slug)),
  /** Each branch's head and the stage each service would deploy it to: what the Deploy-branch dialog shows. */
  deployTargets: orgProcedure("builds.trigger")
    .input(z.object({ slug }))
    .query(({ ctx, input }) => deployTargets(ctx.db, { orgId: ctx.member.orgId, appSlug: input.slug, dataDir: ctx.env.SLIPWAY_DATA_DIR })),
  deployBranch: orgProcedure("builds.trigger")
    .input(z.object({ slug, branch: z.string().min(1).max(250) }))
    .mutation(({ ctx, input }) =>
      askWorker<DeployedBranch>(ctx, { op: "deploy-branch", actor: ctx.member, appSlug: input.slug, branch: input.branch }),
    ),
  create: orgProcedure("apps.create")
    .input(
      z.object({
        repositoryId: z.string().min(1).max(64),
        name: z.string().max(100),
        slug: z.string().max(100),
        services: z.array(newServiceInput).max(500),
        stageProfiles: z.record(z.string().max(100), z.string().max(64)),
        defaultProfileId: z.string().min(1).max(64),
      }),
    )
    .mutation(({ ctx, input }) => askWorker<CreatedApp>(ctx, { op: "create-app", actor: ctx.member, input })),
  delete: orgProcedure("apps.delete")
    .input(z.object({ slug, confirm: z.string().max(100) }))
    .mutation(({ ctx, input }) => deleteApp(ctx, ctx.member.orgId, ctx.member.userId, input.slug, input.confirm)),
});
