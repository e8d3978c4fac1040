import { z } from "zod";
import { orgProcedure, router } from "../trpc/init";
import { listMembers } from "../domain/members/list-members";
import { setMemberRole } from "../domain/members/set-member-role";
import { removeMember } from "../domain/members/remove-member";
import { inviteMember } from "../domain/members/invite-member";
import { listInvites } from "../domain/members/list-invites";
import { revokeInvite } from "../domain/members/revoke-invite";
import { createPasswordReset } from "../domain/members/create-password-reset";

const role = z.enum(["ADMIN", "DEVELOPER", "REVIEWER", "PRODUCT_OWNER"]);
const id = z.string().min(1).max(64);

export const membersRouter = router({
  list: orgProcedure("members.read").query(({ ctx }) => listMembers(ctx.db, ctx.member.orgId)),
  invites: orgProcedure("members.read").query(({ ctx }) => listInvites(ctx.db, ctx.member.orgId)),
  /** Answers the invitation link once; only its hash is kept. */
  invite: orgProcedure("members.write")
    .input(z.object({ email: z.string().max(300), role }))
    .mutation(({ ctx, input }) => inviteMember(ctx.db, ctx.member.orgId, ctx.member.userId, ctx.env.NEXTAUTH_URL, input)),
  revokeInvite: orgProcedure("members.write")
    .input(z.object({ id }))
    .mutation(({ ctx, input }) => revokeInvite(ctx.db, ctx.member.orgId, ctx.member.userId, input.id)),
  setRole: orgProcedure("members.write")
    .input(z.object({ userId: id, role }))
    .mutation(({ ctx, input }) => setMemberRole(ctx.db, ctx.member.orgId, ctx.member.userId, input.userId, input.role)),
  remove: orgProcedure("members.write")
    .input(z.object({ userId: id }))
    .mutation(({ ctx, input }) => removeMember(ctx.db, ctx.member.orgId, ctx.member.userId, input.userId)),
  /** A one-time link with which the member sets a new password (answered once). */
  resetPassword: orgProcedure("members.write")
    .input(z.object({ userId: id }))
    .mutation(({ ctx, input }) => createPasswordReset(ctx.db, ctx.member.orgId, ctx.member.userId, ctx.env.NEXTAUTH_URL, input.userId)),
});
