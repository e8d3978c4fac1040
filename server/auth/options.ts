import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getEnv } from "../env";
import { clientIp, throttledLogin } from "../domain/auth/login-throttle";
import { appDeps } from "../composition";
import { SESSION_MAX_AGE_S, sessionStillValid } from "./session-version";

// next-auth's own default (https NEXTAUTH_URL), stated here so the session cookie's flags are visible.
const secureCookies = getEnv().NEXTAUTH_URL.startsWith("https://");

/**
 * Email + password sign-in, throttled per email and per IP; sessions are signed JWT cookies
 * (httpOnly, sameSite=lax, Secure and `__Secure-` prefixed behind TLS).
 */
export const authOptions: NextAuthOptions = {
  secret: getEnv().NEXTAUTH_SECRET,
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
  useSecureCookies: secureCookies,
  cookies: {
    // The name next-auth (and its middleware in proxy.ts) expects for this setting.
    sessionToken: {
      name: `${secureCookies ? "__Secure-" : ""}next-auth.session-token`,
      options: { httpOnly: true, sameSite: "lax", path: "/", secure: secureCookies },
    },
  },
  pages: { signIn: "/login" },
  providers: [
    CredentialsProvider({
      name: "Email",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        if (!credentials?.email || !credentials.password) return null;
        // next-auth hands authorize the request's headers only: the web server stamped the address in one.
        const ip = clientIp(req?.headers as Record<string, string | undefined> | undefined);
        const { user, blocked } = await throttledLogin(appDeps(), { email: credentials.email, password: credentials.password, ip });
        if (blocked) throw new Error("Too many failed sign-ins. Try again in 15 minutes.");
        return user ? { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion } : null;
      },
    }),
  ],
  callbacks: {
    // A changed or reset password bumps the user's session version: a token of an older version is
    // marked revoked (proxy.ts then sends its browser to /login) and names no user to the API.
    async jwt({ token, user }) {
      if (user) {
        token.sub = user.id;
        token.sv = (user as { sessionVersion?: number }).sessionVersion ?? 0;
        return token;
      }
      if (token.sub && !token.revoked && !(await sessionStillValid(token.sub, token.sv))) token.revoked = true;
      return token;
    },
    async session({ session, token }) {
      if (token.revoked) return { ...session, user: undefined };
      if (session.user && token.sub) (session.user as { id?: string }).id = token.sub;
      return session;
    },
  },
};
