import { withAuth } from "next-auth/middleware";
import { getEnv } from "@/server/env";

// Every page but the login page needs a session; API routes check their own auth.
export default withAuth({ secret: getEnv().NEXTAUTH_SECRET, pages: { signIn: "/login" } });

export const config = {
  matcher: ["/((?!login|setup|invite|reset-password|api|metrics|_next/static|_next/image|favicon.ico|icon.svg).*)"],
};
