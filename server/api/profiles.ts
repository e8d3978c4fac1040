import { z } from "zod";
import { orgProcedure, router } from "../trpc/init";
import { listProfiles } from "../domain/profiles/list-profiles";
import { getProfile } from "../domain/profiles/get-profile";
import { createProfile } from "../domain/profiles/create-profile";
import { updateProfile } from "../domain/profiles/update-profile";
import { deleteProfile } from "../domain/profiles/delete-profile";
import { regenerateExternalId, setCloudAccess } from "../domain/profiles/set-cloud-access";
import { saveSafeguards } from "../domain/profiles/save-safeguards";
import { testCloudAccess } from "../domain/profiles/test-cloud-access";

const id = z.string().min(1).max(64);
// Shapes only; the domain checks names, regions, ARNs and configs and names the field it rejects.
const fields = z.object({ name: z.string().max(200), description: z.string().max(500).default(""), region: z.string().max(50) });

export const profilesRouter = router({
  list: orgProcedure("profiles.read").query(({ ctx }) => listProfiles(ctx.db, ctx.member.orgId)),
  get: orgProcedure("profiles.read")
    .input(z.object({ id }))
    .query(({ ctx, input }) => getProfile(ctx.db, ctx.member.orgId, input.id, ctx.env.SLIPWAY_AWS_PRINCIPAL_ARN)),
  create: orgProcedure("profiles.write")
    .input(fields)
    .mutation(({ ctx, input }) => createProfile(ctx.db, ctx.member.orgId, ctx.member.userId, input)),
  update: orgProcedure("profiles.write")
    .input(fields.extend({ id }))
    .mutation(({ ctx, input: { id, ...f } }) => updateProfile(ctx.db, ctx.member.orgId, ctx.member.userId, id, f)),
  delete: orgProcedure("profiles.write")
    .input(z.object({ id }))
    .mutation(({ ctx, input }) => deleteProfile(ctx.db, ctx.member.orgId, ctx.member.userId, input.id)),
  setAccess: orgProcedure("profiles.write")
    .input(
      z.object({
        id,
        access: z.discriminatedUnion("mode", [
          z.object({ mode: z.literal("role"), roleArn: z.string().max(300) }),
          z.object({ mode: z.literal("keys"), accessKeyId: z.string().max(64), secretAccessKey: z.string().max(128).optional() }),
          z.object({ mode: z.literal("none") }),
        ]),
      }),
    )
    .mutation(({ ctx, input }) => setCloudAccess(ctx.db, ctx.cipher, ctx.member.orgId, ctx.member.userId, input.id, input.access)),
  regenerateExternalId: orgProcedure("profiles.write")
    .input(z.object({ id }))
    .mutation(({ ctx, input }) => regenerateExternalId(ctx.db, ctx.member.orgId, ctx.member.userId, input.id)),
  /** Calls AWS STS with the profile's access (assume the role, then GetCallerIdentity) and says what failed. */
  testAccess: orgProcedure("profiles.write")
    .input(z.object({ id }))
    .mutation(({ ctx, input }) =>
      testCloudAccess(
        { db: ctx.db, cipher: ctx.cipher, stsEndpoint: ctx.env.AWS_STS_ENDPOINT },
        { orgId: ctx.member.orgId, actorId: ctx.member.userId, profileId: input.id },
      ),
    ),
  saveSafeguards: orgProcedure("profiles.write")
    .input(
      z.object({
        id,
        safeguards: z.array(z.object({ policy: z.string().max(100), level: z.string().max(20), config: z.unknown() })).max(50),
      }),
    )
    .mutation(({ ctx, input }) => saveSafeguards(ctx.db, ctx.member.orgId, ctx.member.userId, input.id, input.safeguards)),
});
