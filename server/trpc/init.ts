import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import type { Role } from "@prisma/client";
import type { AppDeps } from "../composition";
import { DomainError } from "../domain/errors";
import type { Action } from "../domain/auth/permissions";
import { memberFor } from "../domain/auth/member-for";
import { knownError } from "../http/error-table";

/** A request's context: the process's dependencies (server/composition.ts) and who is calling. */
export type Context = AppDeps & { userId: string | null };

/** Procedure meta: the permission-table action an orgProcedure checks (read by the authorization test). */
export interface Meta {
  action?: Action;
}

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    transformer: superjson,
    errorFormatter({ shape, error }) {
      const cause = error.cause;
      const field = cause instanceof DomainError ? cause.field : undefined;
      // Unexpected errors never reach the browser with their message (it may hold internals).
      const message =
        knownError(cause)?.message ?? (error.code === "INTERNAL_SERVER_ERROR" ? "Something went wrong on the server." : shape.message);
      return { ...shape, message, data: { ...shape.data, stack: undefined, field } };
    },
  });

/** Maps errors through the one error table (server/http/error-table.ts), so the domain never imports tRPC; an unreachable database is a 503, not a stack trace. */
const domainErrors = t.middleware(async ({ next }) => {
  const res = await next();
  const known = res.ok ? null : knownError(res.error.cause);
  if (!res.ok && known) throw new TRPCError({ code: known.trpc, message: known.message, cause: res.error.cause });
  return res;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(domainErrors);

export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.userId) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in first." });
  return next({ ctx: { ...ctx, userId: ctx.userId } });
});

export interface Member {
  userId: string;
  orgId: string;
  role: Role;
}

/**
 * A procedure for one action of the permission table: loads the caller's membership and refuses
 * roles the table does not list. Domain queries are then scoped by ctx.member.orgId.
 */
export function orgProcedure(action: Action) {
  return authedProcedure.meta({ action }).use(async ({ ctx, next }) => {
    const member: Member = await memberFor(ctx.db, ctx.userId, action);
    return next({ ctx: { ...ctx, member } });
  });
}
