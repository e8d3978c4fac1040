import { z } from "zod";
import { orgProcedure, router } from "../trpc/init";
import { listStageResources } from "../domain/local-cloud/list-stage-resources";
import { peekResource } from "../domain/local-cloud/peek-resource";

/** The local cloud as a stage page shows it: what was provisioned, and a read-only look at its data. */
export const localResourcesRouter = router({
  list: orgProcedure("builds.read")
    .input(z.object({ appSlug: z.string().min(1).max(100), stage: z.string().min(1).max(100) }))
    .query(({ ctx, input }) => listStageResources(ctx.db, ctx.member.orgId, input.appSlug, input.stage)),
  peek: orgProcedure("cloud.read")
    .input(z.object({ resourceId: z.string().min(1).max(100), limit: z.number().int().min(1).max(100).default(20) }))
    .query(({ ctx, input }) => peekResource(ctx, { orgId: ctx.member.orgId, resourceId: input.resourceId, limit: input.limit })),
});
