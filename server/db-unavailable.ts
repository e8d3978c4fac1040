/** What users read while PostgreSQL does not answer (web errors, health check). */
export const DB_UNAVAILABLE_MESSAGE = "Slipway's database is unavailable; retrying";

// Prisma's "can't reach / timed out / closed" codes, node's socket errors, and PostgreSQL's
// "shutting down / starting up / terminated by administrator" SQLSTATEs.
const CODES = new Set([
  "P1001",
  "P1002",
  "P1008",
  "P1017",
  "P2024",
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "57P01",
  "57P02",
  "57P03",
  "08000",
  "08001",
  "08003",
  "08006",
]);
const MESSAGES =
  /ECONNREFUSED|ECONNRESET|Can't reach database server|Connection terminated|connection timeout|Connection refused|terminating connection|the database system is (starting up|shutting down|in recovery mode)|Server has closed the connection|DatabaseNotReachable|ConnectionClosed/i;

/** True when an error (or any error in its cause chain) means PostgreSQL is out of reach, not that a query is wrong. */
export function isDbUnavailable(e: unknown): boolean {
  for (let cur = e, depth = 0; cur && depth < 8; depth++) {
    if (typeof cur !== "object") return typeof cur === "string" && MESSAGES.test(cur);
    const err = cur as { name?: string; code?: unknown; message?: unknown; cause?: unknown; originalCode?: unknown; kind?: unknown };
    if (err.name === "PrismaClientInitializationError") return true;
    for (const c of [err.code, err.originalCode, err.kind]) if (typeof c === "string" && CODES.has(c)) return true;
    if (typeof err.kind === "string" && /^(DatabaseNotReachable|ConnectionClosed|SocketTimeout|TooManyConnections)$/.test(err.kind))
      return true;
    if (typeof err.message === "string" && MESSAGES.test(err.message)) return true;
    cur = err.cause;
  }
  return false;
}
