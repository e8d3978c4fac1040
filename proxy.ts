import { withAuth } from "next-auth/middleware";
import { getEnv } from "@/server/env";

// Every page but the login page needs a session; API routes check their own auth.
// A token revoked by a password change (see server/auth/options.ts) counts as no session.
export default withAuth({
  secret: getEnv().NEXTAUTH_SECRET,
  pages: { signIn: "/login" },
  callbacks: { authorized: ({ token }) => Boolean(token) && !token?.revoked },
});

export const config = {
  matcher: ["/((?!login|setup|invite|reset-password|api|metrics|_next/static|_next/image|favicon.ico|icon.svg).*)"],
};
