import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@/server/trpc/root";
import { createContext } from "@/server/trpc/context";
import { getEnv } from "@/server/env";
import { crossSiteReason } from "@/server/http/same-origin";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const handler = (req: Request) => fetchRequestHandler({ endpoint: "/api/trpc", req, router: appRouter, createContext });

/** Mutations ride the session cookie: a POST a browser says came from another site is refused (CSRF). */
function post(req: Request) {
  const reason = crossSiteReason(req, getEnv().NEXTAUTH_URL);
  if (reason) return Response.json({ error: `Cross-site request refused (${reason}).` }, { status: 403 });
  return handler(req);
}

export { handler as GET, post as POST };
