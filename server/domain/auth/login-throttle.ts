import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import type { Db } from "../../db";
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
 * Failed sign-ins counted per email and per client IP in a fixed window (INCR, and a TTL set by
 * the first failure). Counters live in Redis, so every web replica sees the same ones.
 */
export async function isLoginBlocked(redis: Redis, prefix: string, email: string, ip: string | null, opts: LoginThrottleOptions = {}) {
  const max = opts.maxFailures ?? LOGIN_MAX_FAILURES;
  const keys = [emailKey(prefix, email), ...(ip ? [ipKey(prefix, ip)] : [])];
  const counts = await redis.mget(...keys);
  return counts.some((c) => Number(c ?? 0) >= max);
}

export async function recordLoginFailure(redis: Redis, prefix: string, email: string, ip: string | null, opts: LoginThrottleOptions = {}) {
  const windowS = opts.windowS ?? LOGIN_WINDOW_S;
  const multi = redis.multi();
  for (const key of [emailKey(prefix, email), ...(ip ? [ipKey(prefix, ip)] : [])]) {
    multi.incr(key);
    // NX: the window starts at the first failure and is not pushed back by later ones.
    multi.expire(key, windowS, "NX");
  }
  await multi.exec();
}

/** A successful sign-in forgets the email's failures (not the IP's: one good account must not unlock guessing at others). */
export async function clearLoginFailures(redis: Redis, prefix: string, email: string) {
  await redis.del(emailKey(prefix, email));
}

/**
 * Checks a password with the throttle around it: once an email or an IP has failed
 * `maxFailures` times in the window, every attempt is refused — even with the right password —
 * until the window passes, so guessing cannot continue and a lucky guess is not confirmed.
 */
export async function throttledLogin(
  deps: { db: Db; redis: Redis; prefix: string },
  email: string,
  password: string,
  ip: string | null,
  opts: LoginThrottleOptions = {},
) {
  if (await isLoginBlocked(deps.redis, deps.prefix, email, ip, opts)) return { user: null, blocked: true } as const;
  const user = await verifyLogin(deps.db, email, password);
  if (user) await clearLoginFailures(deps.redis, deps.prefix, email);
  else await recordLoginFailure(deps.redis, deps.prefix, email, ip, opts);
  return { user, blocked: false } as const;
}

/** The client's address as the reverse proxy in front of Slipway reports it (first X-Forwarded-For hop). */
export function clientIp(headers: Record<string, string | string[] | undefined> | undefined): string | null {
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const forwarded = first(headers?.["x-forwarded-for"])?.split(",")[0]?.trim();
  return forwarded || first(headers?.["x-real-ip"])?.trim() || null;
}
