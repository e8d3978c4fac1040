import { z } from "zod";
import { orgProcedure, router } from "../trpc/init";
import { getPreview } from "../domain/previews/get-preview";

/** A preview stage's reviewer page: links, builds, outputs (masked) and what the branch changed. Every member reads it. */
export const previewsRouter = router({
  get: orgProcedure("builds.read")
    .input(z.object({ appSlug: z.string().min(1).max(100), stage: z.string().min(1).max(100) }))
    .query(({ ctx, input }) => getPreview(ctx, { orgId: ctx.member.orgId, appSlug: input.appSlug, stage: input.stage })),
});
