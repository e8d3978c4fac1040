import { z } from "zod";
import { orgProcedure, router } from "../trpc/init";
import { connectRepository } from "../domain/repositories/connect-repository";
import type { ConnectionResult } from "../domain/repositories/test-connection";
import type { DetectedServicesPage } from "../domain/repositories/detected-services";
import { askWorker } from "../jobs/ask-worker";
import { getRepositorySettings } from "../domain/repositories/get-repository-settings";
import { updateRepository } from "../domain/repositories/update-repository";
import { proposeStageProfiles } from "../domain/profiles/propose-stage-profiles";
import { createGuideProfiles } from "../domain/profiles/create-guide-profiles";

const id = z.string().min(1).max(64);
const appSlug = z.string().min(1).max(100);
export const authInput = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("ssh") }),
  z.object({ kind: z.literal("token"), username: z.string().max(100).optional(), token: z.string().max(2000) }),
  z.object({ kind: z.literal("none") }),
]);

/** Connecting a repository for a new app, and changing an app's repository later. */
export const repositoriesRouter = router({
  connect: orgProcedure("apps.create")
    .input(z.object({ url: z.string().max(2000), auth: authInput }))
    .mutation(({ ctx, input }) => connectRepository(ctx, ctx.member.orgId, ctx.member.userId, input)),
  test: orgProcedure("repositories.write")
    .input(z.object({ repositoryId: id }))
    .mutation(({ ctx, input }) =>
      askWorker<ConnectionResult>(ctx, { op: "test-connection", actor: ctx.member, repositoryId: input.repositoryId }),
    ),
  detect: orgProcedure("repositories.write")
    .input(z.object({ repositoryId: id, offset: z.number().int().min(0).max(1_000_000).optional() }))
    .mutation(({ ctx, input }) =>
      askWorker<DetectedServicesPage>(ctx, {
        op: "detect-services",
        actor: ctx.member,
        repositoryId: input.repositoryId,
        offset: input.offset,
      }),
    ),
  stageProfiles: orgProcedure("apps.create").query(({ ctx }) => proposeStageProfiles(ctx.db, ctx.member.orgId)),
  createGuideProfiles: orgProcedure("profiles.write").mutation(({ ctx }) =>
    createGuideProfiles(ctx.db, ctx.member.orgId, ctx.member.userId),
  ),
  settings: orgProcedure("repositories.write")
    .input(z.object({ appSlug }))
    .query(({ ctx, input }) => getRepositorySettings(ctx, ctx.member.orgId, input.appSlug)),
  update: orgProcedure("repositories.write")
    .input(
      z.object({
        appSlug,
        change: z.discriminatedUnion("kind", [
          z.object({ kind: z.literal("url-and-auth"), url: z.string().max(2000), auth: authInput, keepKey: z.boolean().optional() }),
          z.object({ kind: z.literal("reset-host-key") }),
        ]),
      }),
    )
    .mutation(({ ctx, input }) => updateRepository(ctx, ctx.member.orgId, ctx.member.userId, input.appSlug, input.change)),
});
