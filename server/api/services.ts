import { z } from "zod";
import { orgProcedure, router } from "../trpc/init";
import { listServices } from "../domain/apps/list-services";
import { updateService } from "../domain/apps/update-service";
import type { AddedService } from "../domain/apps/add-service";
import { askWorker } from "../jobs/ask-worker";
import { removeService } from "../domain/apps/remove-service";
import { clearDependencyCache } from "../domain/apps/clear-dependency-cache";
import { savePipeline } from "../domain/apps/save-pipeline";

const appSlug = z.string().min(1).max(100);
const pipelineInput = {
  previewEnabled: z.boolean(),
  previewTargetBranch: z.string().max(250),
  previewDestroy: z.boolean(),
  branchDeployments: z
    .array(z.object({ branch: z.string().max(250), stage: z.string().max(100), profileId: z.string().max(64).nullish() }))
    .max(20),
};

export const newServiceInput = z.object({
  name: z.string().max(128),
  folder: z.string().max(300),
  sharedPaths: z.array(z.string().max(300)).max(20).optional(),
  previews: z.boolean().optional(),
});

export const servicesRouter = router({
  list: orgProcedure("apps.read")
    .input(z.object({ appSlug }))
    .query(({ ctx, input }) => listServices(ctx.db, ctx.member.orgId, input.appSlug)),
  update: orgProcedure("services.write")
    .input(
      z.object({
        appSlug,
        serviceId: z.string().min(1).max(64),
        path: z.string().max(300),
        triggerPaths: z.array(z.string().max(300)).max(50),
        ...pipelineInput,
      }),
    )
    .mutation(({ ctx, input: { appSlug, serviceId, ...settings } }) =>
      updateService(ctx.db, ctx.member.orgId, ctx.member.userId, appSlug, serviceId, settings),
    ),
  /** The app's pipeline (previews, branch → stage rules) for the services it applies to, in one save. */
  savePipeline: orgProcedure("services.write")
    .input(z.object({ appSlug, pipeline: z.object(pipelineInput), serviceIds: z.array(z.string().min(1).max(64)).max(100) }))
    .mutation(({ ctx, input }) =>
      savePipeline(ctx.db, {
        orgId: ctx.member.orgId,
        actorId: ctx.member.userId,
        appSlug: input.appSlug,
        pipeline: input.pipeline,
        serviceIds: input.serviceIds,
      }),
    ),
  add: orgProcedure("services.write")
    .input(z.object({ appSlug, service: newServiceInput }))
    .mutation(({ ctx, input }) =>
      askWorker<AddedService>(ctx, { op: "add-service", actor: ctx.member, appSlug: input.appSlug, service: input.service }),
    ),
  clearCache: orgProcedure("services.clearCache")
    .input(z.object({ appSlug, serviceId: z.string().min(1).max(64) }))
    .mutation(({ ctx, input }) => clearDependencyCache({ db: ctx.db, orgId: ctx.member.orgId, actorId: ctx.member.userId, ...input })),
  remove: orgProcedure("services.write")
    .input(z.object({ appSlug, serviceId: z.string().min(1).max(64), destroyStages: z.boolean() }))
    .mutation(({ ctx, input }) =>
      removeService(ctx.db, ctx.runtime, ctx.member.orgId, ctx.member.userId, input.appSlug, input.serviceId, input.destroyStages),
    ),
});
