import { z } from "zod";
import { orgProcedure, router } from "../trpc/init";
import { listParameters } from "../domain/parameters/list-parameters";
import { upsertParameter } from "../domain/parameters/upsert-parameter";
import { deleteParameter } from "../domain/parameters/delete-parameter";
import { checkStageParams } from "../domain/parameters/check-stage-params";

const id = z.string().min(1).max(64);
export const paramOwner = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("profile"), profileId: id }),
  z.object({ kind: z.literal("app"), appSlug: z.string().min(1).max(100) }),
  z.object({ kind: z.literal("app-stage"), appSlug: z.string().min(1).max(100), stage: z.string().max(100) }),
]);

export const parametersRouter = router({
  list: orgProcedure("profiles.read")
    .input(z.object({ owner: paramOwner }))
    .query(({ ctx, input }) => listParameters(ctx.db, ctx.member.orgId, input.owner)),
  upsert: orgProcedure("parameters.write")
    .input(
      z.object({
        owner: paramOwner,
        id: id.optional(),
        key: z.string().max(200),
        value: z.string().max(10_000).nullish(),
        secret: z.boolean(),
        description: z.string().max(1000).default(""),
      }),
    )
    .mutation(({ ctx, input: { owner, ...p } }) => upsertParameter(ctx.db, ctx.cipher, ctx.member.orgId, ctx.member.userId, owner, p)),
  /** Each service's `${param:}` references for a stage, where each value would come from, and what is missing. */
  check: orgProcedure("profiles.read")
    .input(z.object({ appSlug: z.string().min(1).max(100), stage: z.string().min(1).max(100) }))
    .query(({ ctx, input }) => checkStageParams(ctx, { orgId: ctx.member.orgId, ...input })),
  delete: orgProcedure("parameters.write")
    .input(z.object({ id }))
    .mutation(({ ctx, input }) => deleteParameter(ctx.db, ctx.member.orgId, ctx.member.userId, input.id)),
});
