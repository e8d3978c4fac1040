import { z } from "zod";
import { tracked, TRPCError } from "@trpc/server";
import { orgProcedure, router, type Context } from "../trpc/init";
import { followReleaseLog } from "../logs/release-log";
import { runtimeAddress } from "../domain/deployments/instance-url";
import { getReleaseOverview } from "../domain/releases/get-release-overview";
import { listReleaseHistory } from "../domain/releases/list-release-history";
import { previewRollback } from "../domain/releases/preview-rollback";
import { promoteStaging } from "../domain/releases/promote-staging";
import { rollbackRevert } from "../domain/releases/rollback-revert";
import { rollbackInstant } from "../domain/releases/rollback-instant";
import { releaseBlockers } from "../domain/releases/release-blockers";
import { getRollbackState } from "../domain/releases/get-rollback-state";
import { getPromotionPlan } from "../domain/releases/promotion-plan";
import { undoRollback } from "../domain/releases/undo-rollback";
import { makeRollbackPermanent, previewMakePermanent } from "../domain/releases/make-permanent";
import { deployHeldBuild } from "../domain/releases/deploy-held-build";

const slug = z.string().min(1).max(100);
const id = z.string().min(1).max(100);
const note = z.string().max(1000).optional();

function releaseDeps(ctx: Context) {
  const notify = { sink: { db: ctx.db, queue: ctx.notifications }, dashboardUrl: ctx.env.NEXTAUTH_URL };
  return {
    db: ctx.db,
    redis: ctx.redis,
    queue: ctx.queue,
    dataDir: ctx.env.SLIPWAY_DATA_DIR,
    redisPrefix: ctx.env.REDIS_PREFIX,
    env: ctx.env,
    cipher: ctx.cipher,
    notify,
    jobs: ctx.jobs,
  };
}
/** The instant rollback's (and undo's) runtime side: the runtime contract over Redis. */
const switchDeps = (ctx: Context) => ({ ...releaseDeps(ctx), runtime: ctx.runtime });
const readDeps = (ctx: Context) => ({
  db: ctx.db,
  cipher: ctx.cipher,
  dataDir: ctx.env.SLIPWAY_DATA_DIR,
  runtimeBase: runtimeAddress(ctx.env),
});

export const releasesRouter = router({
  overview: orgProcedure("apps.read")
    .input(z.object({ slug }))
    .query(({ ctx, input }) => getReleaseOverview(readDeps(ctx), ctx.member.orgId, input.slug)),
  /** What would hold or stop a promotion or rollback now: approval, freeze, known safeguard failures. */
  blockers: orgProcedure("apps.read")
    .input(z.object({ slug }))
    .query(({ ctx, input }) => releaseBlockers(ctx.db, ctx.member.orgId, ctx.member.userId, input.slug)),
  /** Rollback state for the app page, stage page and build rows: pins, build marks, rollback entries, stage ← branch. */
  state: orgProcedure("apps.read")
    .input(z.object({ slug }))
    .query(({ ctx, input }) => getRollbackState(ctx.db, ctx.member.orgId, input.slug)),
  history: orgProcedure("apps.read")
    .input(z.object({ slug }))
    .query(({ ctx, input }) => listReleaseHistory(ctx.db, ctx.member.orgId, input.slug)),
  previewRollback: orgProcedure("releases.rollback")
    .input(z.object({ slug, serviceId: id, deploymentId: id }))
    .query(({ ctx, input }) => previewRollback(readDeps(ctx), ctx.member.orgId, input.slug, input.serviceId, input.deploymentId)),
  /** What a promotion would ship (services, commits, serverless.yml and parameter changes, rollbacks it ends), for its dialog. */
  promotionPlan: orgProcedure("releases.promote")
    .input(z.object({ slug, serviceId: id.optional() }))
    .query(({ ctx, input }) => getPromotionPlan(readDeps(ctx), { orgId: ctx.member.orgId, ...input })),
  /** A release job's progress lines, live (fetch, merge or revert, push, builds); resumes after the last event id. */
  log: orgProcedure("apps.read")
    .input(z.object({ id, lastEventId: z.string().max(64).nullish() }))
    .subscription(async function* ({ ctx, input, signal }) {
      const release = await ctx.db.release.findFirst({ where: { id: input.id, orgId: ctx.member.orgId }, select: { id: true } });
      // Thrown inside the generator, past the middleware that maps domain errors: a tRPC error itself.
      if (!release) throw new TRPCError({ code: "NOT_FOUND", message: "No such release in this organization." });
      for await (const batch of followReleaseLog(
        { db: ctx.db, redis: ctx.redis, prefix: ctx.env.REDIS_PREFIX },
        release.id,
        input.lastEventId ?? null,
        signal,
      ))
        yield tracked(batch.id, batch);
    }),
  /** Queues a promotion (or asks first to agree to a merge commit); the worker's release job pushes. */
  promote: orgProcedure("releases.promote")
    .input(z.object({ slug, serviceId: id.optional(), confirmMerge: z.boolean().optional(), note }))
    .mutation(({ ctx, input }) => promoteStaging(releaseDeps(ctx), { orgId: ctx.member.orgId, actorId: ctx.member.userId, ...input })),
  rollback: orgProcedure("releases.rollback")
    .input(
      z.object({
        slug,
        serviceId: id,
        deploymentId: id,
        mode: z.enum(["revert", "instant"]),
        note,
        overrideReason: z.string().max(500).optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const args = {
        orgId: ctx.member.orgId,
        actorId: ctx.member.userId,
        slug: input.slug,
        serviceId: input.serviceId,
        deploymentId: input.deploymentId,
        note: input.note,
        overrideReason: input.overrideReason,
      };
      if (input.mode === "revert") {
        // Queued: the worker's release job reverts and pushes; the Release page follows it.
        const res = await rollbackRevert(releaseDeps(ctx), args);
        return { mode: "revert" as const, releaseId: res.releaseId, switchMs: null };
      }
      const res = await rollbackInstant(switchDeps(ctx), args);
      return { mode: "instant" as const, releaseId: res.releaseId, switchMs: res.switchMs };
    }),
  /** Switch a rolled-back service forward to its newest deployment and end the pin. */
  undoRollback: orgProcedure("releases.rollback")
    .input(z.object({ slug, serviceId: id, note, overrideReason: z.string().max(500).optional() }))
    .mutation(async ({ ctx, input }) => {
      const res = await undoRollback(switchDeps(ctx), { orgId: ctx.member.orgId, actorId: ctx.member.userId, ...input });
      return { releaseId: res.releaseId, switchMs: res.switchMs, commitSha: res.commitSha };
    }),
  /** The commits "make it permanent" would revert. */
  previewMakePermanent: orgProcedure("releases.rollback")
    .input(z.object({ slug, serviceId: id }))
    .query(({ ctx, input }) =>
      previewMakePermanent({ db: ctx.db, dataDir: ctx.env.SLIPWAY_DATA_DIR }, { orgId: ctx.member.orgId, ...input }),
    ),
  /** Revert the rolled-back commits on the prod branch and deploy it (queued for the worker's release job): branch and prod agree again. */
  makePermanent: orgProcedure("releases.rollback")
    .input(z.object({ slug, serviceId: id, note }))
    .mutation(({ ctx, input }) =>
      makeRollbackPermanent(releaseDeps(ctx), { orgId: ctx.member.orgId, actorId: ctx.member.userId, ...input }),
    ),
  /** Let a push held by a pinned instance deploy (it replaces the rolled-back version). */
  deployAnyway: orgProcedure("releases.rollback")
    .input(z.object({ buildId: id }))
    .mutation(({ ctx, input }) =>
      deployHeldBuild({ db: ctx.db, queue: ctx.queue, orgId: ctx.member.orgId, actorId: ctx.member.userId, buildId: input.buildId }),
    ),
});
