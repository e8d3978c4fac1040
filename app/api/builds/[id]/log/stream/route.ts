import { assertBuildInOrg } from "@/server/domain/builds/get-build";
import { knownError } from "@/server/http/error-table";
import { sessionMember } from "@/server/http/session-member";
import { apiError } from "@/server/http/v1/api-route";
import { buildLogEventStream } from "@/server/logs/log-sse";
import { appDeps } from "@/server/composition";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * The build page's live log: Server-Sent Events, resumed after the `Last-Event-ID` the browser's
 * EventSource sends when it reconnects (or `?after=`). The same permission and org check as the page.
 */
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { db, redis, env } = appDeps();
  try {
    const member = await sessionMember(db, "builds.read");
    await assertBuildInOrg(db, member.orgId, id);
  } catch (e) {
    const known = knownError(e);
    if (known) return apiError(known.status, known.code, known.message);
    throw e;
  }
  const after = req.headers.get("last-event-id") || new URL(req.url).searchParams.get("after") || null;
  if (after && (after.length > 64 || !/^[\w|-]+$/.test(after))) return apiError(400, "BAD_INPUT", "Not a log position.");
  const body = buildLogEventStream({ db, redis, prefix: env.REDIS_PREFIX }, id, after, req.signal);
  return new Response(body, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      "x-accel-buffering": "no",
    },
  });
}
