import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import type { Role } from "@prisma/client";
import type { Db } from "../db";
import type { Env } from "../env";
import type { BuildQueue } from "../queue";
import type { Redis } from "ioredis";
import { DomainError } from "../domain/errors";
import { can, type Action } from "../domain/auth/permissions";
import { DB_UNAVAILABLE_MESSAGE, isDbUnavailable } from "../db-unavailable";

export interface Context {
  db: Db;
  env: Env;
  redis: Redis;
  queue: BuildQueue;
  userId: string | null;
}

const STATUS: Record<DomainError["code"], TRPCError["code"]> = {
  NOT_FOUND: "NOT_FOUND",
  FORBIDDEN: "FORBIDDEN",
  BAD_INPUT: "BAD_REQUEST",
  CONFLICT: "CONFLICT",
  UNAVAILABLE: "SERVICE_UNAVAILABLE",
};

/** Procedure meta: the permission-table action an orgProcedure checks (read by the authorization test). */
export interface Meta {
  action?: Action;
}

const t = initTRPC.context<Context>().meta<Meta>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const field = cause instanceof DomainError ? cause.field : undefined;
    // Unexpected errors never reach the browser with their message (it may hold internals).
    const message = isDbUnavailable(cause)
      ? DB_UNAVAILABLE_MESSAGE
      : error.code === "INTERNAL_SERVER_ERROR" && !(cause instanceof DomainError)
        ? "Something went wrong on the server."
        : shape.message;
    return { ...shape, message, data: { ...shape.data, stack: undefined, field } };
  },
});

/** A DomainError as the tRPC error the client should see (for code outside the middleware, e.g. subscriptions). */
export function asTRPCError(e: unknown): unknown {
  if (isDbUnavailable(e)) return new TRPCError({ code: "SERVICE_UNAVAILABLE", message: DB_UNAVAILABLE_MESSAGE, cause: e });
  return e instanceof DomainError ? new TRPCError({ code: STATUS[e.code], message: e.message, cause: e }) : e;
}

/** Maps DomainError to its tRPC code, so the domain never imports tRPC; an unreachable database is a 503, not a stack trace. */
const domainErrors = t.middleware(async ({ next }) => {
  const res = await next();
  if (!res.ok && res.error.code !== "SERVICE_UNAVAILABLE" && isDbUnavailable(res.error.cause)) {
    throw new TRPCError({ code: "SERVICE_UNAVAILABLE", message: DB_UNAVAILABLE_MESSAGE, cause: res.error.cause });
  }
  if (!res.ok && res.error.cause instanceof DomainError) {
    const cause = res.error.cause;
    throw new TRPCError({ code: STATUS[cause.code], message: cause.message, cause });
  }
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
    const membership = await ctx.db.membership.findFirst({ where: { userId: ctx.userId }, orderBy: { createdAt: "asc" } });
    if (!membership) throw new TRPCError({ code: "FORBIDDEN", message: "You are not a member of any organization." });
    if (!can(membership.role, action)) {
      throw new TRPCError({ code: "FORBIDDEN", message: `Your role cannot do this (${action}).` });
    }
    const member: Member = { userId: membership.userId, orgId: membership.orgId, role: membership.role };
    return next({ ctx: { ...ctx, member } });
  });
}
