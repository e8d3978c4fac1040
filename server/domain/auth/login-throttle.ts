import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import type { AppDeps } from "../../deps";
import { verifyLogin } from "./verify-login";

export const LOGIN_MAX_FAILURES = 10;
export const LOGIN_WINDOW_S = 15 * 60;

export interface LoginThrottleOptions {
  maxFailures?: number;
  windowS?: number;
}

// Hashed: Redis keys are visible to anyone with access to the instance, emails need not be.
const emailKey = (prefix: string, email: string) =>
  `${prefix}:login-fail:email:${createHash("sha256").update(email.trim().toLowerCase()).digest("hex")}`;
const ipKey = (prefix: string, ip: string) => `${prefix}:login-fail:ip:${ip.slice(0, 100)}`;

/**
 * Sign-in attempts counted per email and per client IP in a fixed window. Each attempt first
 * reserves its place — INCR of both counters in one Lua script, the window's TTL set by the first
 * — and only an attempt within the limit goes on to check the password, so parallel attempts
 * cannot all slip past a check made before any of them counted. A success gives its reservation
 * back. Counters live in Redis, so every web replica sees the same ones.
 */
const RESERVE = `
local worst = 0
for _, key in ipairs(KEYS) do
  local n = redis.call("INCR", key)
  if n == 1 then redis.call("EXPIRE", key, ARGV[1]) end
  if n > worst then worst = n end
end
return worst`;

/** Counts one attempt against the email and the IP; true when it is over the limit (refused). */
export async function reserveLoginAttempt(redis: Redis, prefix: string, email: string, ip: string | null, opts: LoginThrottleOptions = {}) {
  const max = opts.maxFailures ?? LOGIN_MAX_FAILURES;
  const windowS = opts.windowS ?? LOGIN_WINDOW_S;
  const keys = [emailKey(prefix, email), ...(ip ? [ipKey(prefix, ip)] : [])];
  const worst = (await redis.eval(RESERVE, keys.length, ...keys, String(windowS))) as number;
  return worst > max;
}

/**
 * A successful sign-in forgets the email's failures and gives back its own reservation on the IP
 * (not the IP's failures: one good account must not unlock guessing at others).
 */
export async function clearLoginFailures(redis: Redis, prefix: string, email: string, ip: string | null) {
  const multi = redis.multi().del(emailKey(prefix, email));
  if (ip) multi.decr(ipKey(prefix, ip));
  await multi.exec();
}

/**
 * Checks a password with the throttle around it: once an email or an IP has failed
 * `maxFailures` times in the window, every attempt is refused — even with the right password —
 * until the window passes, so guessing cannot continue and a lucky guess is not confirmed.
 */
export async function throttledLogin(
  deps: Pick<AppDeps, "db" | "redis" | "env">,
  { email, password, ip, opts = {} }: { email: string; password: string; ip: string | null; opts?: LoginThrottleOptions },
) {
  const prefix = deps.env.REDIS_PREFIX;
  if (await reserveLoginAttempt(deps.redis, prefix, email, ip, opts)) return { user: null, blocked: true } as const;
  const user = await verifyLogin(deps.db, email, password);
  if (user) await clearLoginFailures(deps.redis, prefix, email, ip);
  return { user, blocked: false } as const;
}

/**
 * The header Slipway's web server (scripts/web-server.ts) stamps on every request with the client
 * address it computed from the socket; it replaces whatever a client sent under that name.
 */
export const CLIENT_IP_HEADER = "x-slipway-client-ip";
const STAMPED = Symbol.for("slipway.client-ip-stamped");

/** Called by the web server before it serves: from then on the header is this process's own. */
export function markClientIpStamped(): void {
  (globalThis as Record<symbol, unknown>)[STAMPED] = true;
}

/**
 * The client address the web server stamped, or null when this process is not behind it (plain
 * `next start`: the header could be anyone's, and the throttle counts per email only).
 */
export function clientIp(headers: Record<string, string | string[] | undefined> | undefined): string | null {
  if ((globalThis as Record<symbol, unknown>)[STAMPED] !== true) return null;
  const v = headers?.[CLIENT_IP_HEADER];
  return (Array.isArray(v) ? v[0] : v)?.trim() || null;
}
