import type { TRPCError } from "@trpc/server";
import { DomainError, type DomainErrorCode } from "../domain/errors";
import { DB_UNAVAILABLE_MESSAGE, isDbUnavailable } from "../db-unavailable";

/**
 * The one table from what went wrong to what a caller sees, read by every surface: the tRPC error
 * formatter (server/trpc/init.ts), /api/v1 and the session-less routes (server/http/), and the
 * webhooks (server/webhooks.ts). The domain throws DomainError and never knows about HTTP.
 */
export const ERROR_TABLE: Record<DomainErrorCode, { status: number; trpc: TRPCError["code"] }> = {
  BAD_INPUT: { status: 400, trpc: "BAD_REQUEST" },
  UNAUTHORIZED: { status: 401, trpc: "UNAUTHORIZED" },
  FORBIDDEN: { status: 403, trpc: "FORBIDDEN" },
  NOT_FOUND: { status: 404, trpc: "NOT_FOUND" },
  CONFLICT: { status: 409, trpc: "CONFLICT" },
  UNAVAILABLE: { status: 503, trpc: "SERVICE_UNAVAILABLE" },
};

export interface KnownError {
  code: DomainErrorCode;
  status: number;
  trpc: TRPCError["code"];
  message: string;
  field?: string;
}

/**
 * A DomainError with its row; PostgreSQL out of reach (anywhere in the cause chain) as UNAVAILABLE
 * with the one "database unavailable" message; anything else null: the caller answers a bare 500
 * and logs it, since its message may hold internals.
 */
export function knownError(e: unknown): KnownError | null {
  if (e instanceof DomainError) return { code: e.code, ...ERROR_TABLE[e.code], message: e.message, ...(e.field ? { field: e.field } : {}) };
  if (isDbUnavailable(e)) return { code: "UNAVAILABLE", ...ERROR_TABLE.UNAVAILABLE, message: DB_UNAVAILABLE_MESSAGE };
  return null;
}
