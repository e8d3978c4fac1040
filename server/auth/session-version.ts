import { cookies } from "next/headers";
import { decode, encode } from "next-auth/jwt";
import { appDeps } from "../composition";
import { getEnv } from "../env";

/** The session cookie's name, as next-auth (and proxy.ts) expects it for this NEXTAUTH_URL. */
export const sessionCookieName = () => `${getEnv().NEXTAUTH_URL.startsWith("https://") ? "__Secure-" : ""}next-auth.session-token`;
export const SESSION_MAX_AGE_S = 60 * 60 * 12;

/** Whether a session token still speaks for its user: it carries the user's current session version. */
export async function sessionStillValid(userId: string, version: unknown): Promise<boolean> {
  const row = await appDeps().db.user.findUnique({ where: { id: userId }, select: { sessionVersion: true } });
  return row !== null && row.sessionVersion === (typeof version === "number" ? version : 0);
}

/**
 * After a password change bumped the version, the session that made the change is re-issued at the
 * new version (the person stays signed in here); every other session of theirs fails the check.
 */
export async function renewOwnSession(userId: string, version: number): Promise<void> {
  let jar;
  try {
    jar = await cookies();
  } catch {
    return; // called outside a request (a server-side caller): there is no session cookie to renew
  }
  const name = sessionCookieName();
  const secret = getEnv().NEXTAUTH_SECRET;
  const token = await decode({ token: jar.get(name)?.value, secret }).catch(() => null);
  if (!token || token.sub !== userId) return;
  const fresh = await encode({ token: { ...token, sv: version }, secret, maxAge: SESSION_MAX_AGE_S });
  const secure = name.startsWith("__Secure-");
  jar.set(name, fresh, { httpOnly: true, sameSite: "lax", path: "/", secure, maxAge: SESSION_MAX_AGE_S });
}
