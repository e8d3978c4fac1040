import { z } from "zod";
import { orgProcedure, router } from "../trpc/init";
import { getBuild } from "../domain/builds/get-build";
import { cancelBuild } from "../domain/builds/cancel-build";
import { askWorker } from "../jobs/ask-worker";
import { approveBuild, rejectBuild } from "../domain/builds/approve-build";
import { overrideFreeze } from "../domain/builds/override-freeze";
import { buildGate } from "../domain/builds/build-gate";
import { listWaitingBuilds } from "../domain/builds/list-waiting-builds";
import { listBuilds } from "../domain/builds/list-builds";

const id = z.string().min(1).max(64);

export const buildsRouter = router({
  /** An app's builds, newest first, by cursor, filtered by service, stage, status or who. */
  list: orgProcedure("builds.read")
    .input(
      z.object({
        appSlug: z.string().min(1).max(100),
        service: z.string().max(100).optional(),
        stage: z.string().max(100).optional(),
        status: z.enum(["QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELED", "SUPERSEDED"]).optional(),
        who: z.string().max(100).optional(),
        cursor: id.nullish(),
        limit: z.number().int().min(1).max(100).optional(),
      }),
    )
    .query(({ ctx, input }) => listBuilds(ctx.db, ctx.member.orgId, { ...input, cursor: input.cursor ?? undefined })),
  get: orgProcedure("builds.read")
    .input(z.object({ id }))
    .query(({ ctx, input }) => getBuild(ctx.db, ctx.member.orgId, input.id, ctx)),
  cancel: orgProcedure("builds.cancel")
    .input(z.object({ id }))
    .mutation(({ ctx, input }) => cancelBuild(ctx.db, ctx.member.orgId, ctx.member.userId, input.id)),
  rerun: orgProcedure("builds.trigger")
    .input(z.object({ id }))
    .mutation(({ ctx, input }) =>
      askWorker<{ id: string; number: number }>(ctx, { op: "rerun-build", actor: ctx.member, buildId: input.id }),
    ),
  /** What holds a build (approval, freeze) and what the viewer may do about it. */
  gate: orgProcedure("builds.read")
    .input(z.object({ id }))
    .query(({ ctx, input }) => buildGate(ctx.db, ctx.member.orgId, ctx.member.userId, input.id)),
  /** Builds waiting for the viewer: approvals they may give, freezes they may override. */
  waiting: orgProcedure("builds.read").query(({ ctx }) => listWaitingBuilds(ctx.db, ctx.member.orgId, ctx.member.userId)),
  /** A waiting build (a fork's pull request, a protected stage): let it run. */
  approve: orgProcedure("builds.approve")
    .input(z.object({ id }))
    .mutation(({ ctx, input }) => approveBuild(ctx.db, ctx.queue, ctx.member.orgId, ctx.member.userId, input.id)),
  reject: orgProcedure("builds.approve")
    .input(z.object({ id, reason: z.string().max(500).default("") }))
    .mutation(({ ctx, input }) => rejectBuild(ctx.db, ctx.member.orgId, ctx.member.userId, input.id, input.reason)),
  overrideFreeze: orgProcedure("builds.override")
    .input(z.object({ id, reason: z.string().min(1).max(500) }))
    .mutation(({ ctx, input }) => overrideFreeze(ctx.db, ctx.queue, ctx.member.orgId, ctx.member.userId, input.id, input.reason)),
});
