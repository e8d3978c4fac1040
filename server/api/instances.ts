import { z } from "zod";
import { orgProcedure, router } from "../trpc/init";
import { getStage } from "../domain/stages/get-stage";

/** A stage's instances: links, current deployments, outputs and recent invocation logs. */
export const instancesRouter = router({
  stage: orgProcedure("builds.read")
    .input(
      z.object({
        appSlug: z.string().min(1).max(100),
        stage: z.string().min(1).max(100),
        logLimit: z.number().int().min(1).max(500).default(100),
      }),
    )
    .query(({ ctx, input }) =>
      getStage(ctx, { orgId: ctx.member.orgId, appSlug: input.appSlug, stage: input.stage, logLimit: input.logLimit }),
    ),
});
