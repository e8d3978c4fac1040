import { z } from "zod";
import { orgProcedure, router } from "../trpc/init";
import { getAppSettings } from "../domain/apps/get-app-settings";
import { setDefaultProfile } from "../domain/apps/set-default-profile";
import { removeStageMapping, setStageMapping } from "../domain/apps/set-stage-mapping";
import { resolveStageView } from "../domain/apps/resolve-stage-view";
import { listProtections } from "../domain/protection/list-protections";
import { protectionInput, saveProtection } from "../domain/protection/save-protection";

const appSlug = z.string().min(1).max(100);
const stage = z.string().max(100);

/** An app's stage settings: default profile, stage → profile mappings, and what a stage resolves. */
export const stagesRouter = router({
  settings: orgProcedure("profiles.read")
    .input(z.object({ appSlug }))
    .query(({ ctx, input }) => getAppSettings(ctx.db, ctx.member.orgId, input.appSlug)),
  setDefaultProfile: orgProcedure("apps.write")
    .input(z.object({ appSlug, profileId: z.string().min(1).max(64).nullable() }))
    .mutation(({ ctx, input }) => setDefaultProfile(ctx.db, ctx.member.orgId, ctx.member.userId, input.appSlug, input.profileId)),
  setMapping: orgProcedure("stages.write")
    .input(z.object({ appSlug, stage, profileId: z.string().max(64) }))
    .mutation(({ ctx, input }) =>
      setStageMapping(ctx.db, ctx.member.orgId, ctx.member.userId, input.appSlug, input.stage, input.profileId),
    ),
  removeMapping: orgProcedure("stages.write")
    .input(z.object({ appSlug, stage }))
    .mutation(({ ctx, input }) => removeStageMapping(ctx.db, ctx.member.orgId, ctx.member.userId, input.appSlug, input.stage)),
  /** Protection rules per stage (required approval, deploy freezes), with the members an admin can name. */
  protections: orgProcedure("stages.write")
    .input(z.object({ appSlug }))
    .query(({ ctx, input }) => listProtections(ctx.db, ctx.member.orgId, input.appSlug)),
  protect: orgProcedure("stages.write")
    .input(z.object({ appSlug, stage, rules: protectionInput }))
    .mutation(({ ctx, input }) => saveProtection(ctx.db, ctx.member.orgId, ctx.member.userId, input.appSlug, input.stage, input.rules)),
  resolve: orgProcedure("profiles.read")
    .input(z.object({ appSlug, stage }))
    .query(({ ctx, input }) => resolveStageView(ctx.db, ctx.member.orgId, input.appSlug, input.stage)),
});
