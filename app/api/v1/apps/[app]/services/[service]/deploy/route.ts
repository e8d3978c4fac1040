import { apiRoute } from "@/server/http/v1/api-route";
import { deploy } from "@/server/http/v1/endpoints";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Body: the working copy as tar.gz (raw, or the `archive` field of a multipart form). */
export const POST = apiRoute("builds.trigger", deploy);
