import { z } from "zod";
import { orgProcedure, router } from "../trpc/init";
import { changePassword } from "../domain/members/change-password";

/** The signed-in person's own account. */
export const accountRouter = router({
  changePassword: orgProcedure("account.write")
    .input(z.object({ currentPassword: z.string().max(300), newPassword: z.string().max(300) }))
    .mutation(({ ctx, input }) => changePassword(ctx.db, ctx.member.orgId, ctx.member.userId, input)),
});
