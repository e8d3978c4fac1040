import { authedProcedure, router } from "../trpc/init";
import { getMe } from "../domain/auth/get-me";

export const meRouter = router({
  get: authedProcedure.query(({ ctx }) => getMe(ctx.db, ctx.userId)),
});
