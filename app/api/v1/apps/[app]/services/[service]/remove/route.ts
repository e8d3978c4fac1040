import { apiRoute } from "@/server/http/v1/api-route";
import { remove } from "@/server/http/v1/endpoints";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = apiRoute("builds.trigger", remove);
