import { z } from "zod";
import { orgProcedure, router } from "../trpc/init";
import { listMembers } from "../domain/members/list-members";
import { addMember } from "../domain/members/add-member";
import { setMemberRole } from "../domain/members/set-member-role";
import { removeMember } from "../domain/members/remove-member";

const role = z.enum(["ADMIN", "DEVELOPER", "REVIEWER", "PRODUCT_OWNER"]);
const userId = z.string().min(1).max(64);

export const membersRouter = router({
  list: orgProcedure("members.read").query(({ ctx }) => listMembers(ctx.db, ctx.member.orgId)),
  add: orgProcedure("members.write")
    .input(z.object({ email: z.string().max(300), name: z.string().max(200), password: z.string().max(300), role }))
    .mutation(({ ctx, input }) => addMember(ctx.db, ctx.member.orgId, ctx.member.userId, input)),
  setRole: orgProcedure("members.write")
    .input(z.object({ userId, role }))
    .mutation(({ ctx, input }) => setMemberRole(ctx.db, ctx.member.orgId, ctx.member.userId, input.userId, input.role)),
  remove: orgProcedure("members.write")
    .input(z.object({ userId }))
    .mutation(({ ctx, input }) => removeMember(ctx.db, ctx.member.orgId, ctx.member.userId, input.userId)),
});
