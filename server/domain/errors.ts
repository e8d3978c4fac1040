export type DomainErrorCode = "NOT_FOUND" | "UNAUTHORIZED" | "FORBIDDEN" | "BAD_INPUT" | "CONFLICT" | "UNAVAILABLE";

/** The one error the domain throws; the tRPC error formatter and the worker map it to what users see. */
export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = "DomainError";
  }
}
