import { z } from "zod";
import { orgProcedure, router } from "../trpc/init";
import { createToken } from "../domain/tokens/create-token";
import { listTokens } from "../domain/tokens/list-tokens";
import { revokeToken } from "../domain/tokens/revoke-token";

/** Personal API tokens: every member manages their own; what a token may do is their role's. */
export const tokensRouter = router({
  list: orgProcedure("org.read").query(({ ctx }) => listTokens(ctx.db, ctx.member)),
  create: orgProcedure("org.read")
    .input(z.object({ name: z.string().max(200) }))
    .mutation(({ ctx, input }) => createToken(ctx.db, ctx.member, input.name)),
  revoke: orgProcedure("org.read")
    .input(z.object({ id: z.string().min(1).max(64) }))
    .mutation(({ ctx, input }) => revokeToken(ctx.db, ctx.member, input.id)),
});
