import { z } from "zod";
import { orgProcedure, router } from "../trpc/init";
import { changePassword } from "../domain/members/change-password";
import { renewOwnSession } from "../auth/session-version";

/** The signed-in person's own account. */
export const accountRouter = router({
  changePassword: orgProcedure("account.write")
    .input(z.object({ currentPassword: z.string().max(300), newPassword: z.string().max(300) }))
    .mutation(async ({ ctx, input }) => {
      const { sessionVersion } = await changePassword(ctx.db, ctx.member.orgId, ctx.member.userId, input);
      // Other sessions end with the old version; this one is re-issued so its person stays signed in.
      await renewOwnSession(ctx.member.userId, sessionVersion);
      return { ok: true as const };
    }),
});
