import { apiRoute } from "@/server/http/v1/api-route";
import { log } from "@/server/http/v1/endpoints";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Long poll: ?after=<cursor of the previous answer>. */
export const GET = apiRoute("builds.read", log);
