import { appDeps } from "@/server/composition";
import { checkHealth } from "@/server/health";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Load balancers and uptime checks: 200 when PostgreSQL and Redis answer, 503 JSON (never a stack trace) when one does not. */
export async function GET() {
  const { db, redis } = appDeps();
  const health = await checkHealth({ db, redis });
  return Response.json(health, { status: health.ok ? 200 : 503, headers: { "cache-control": "no-store" } });
}
