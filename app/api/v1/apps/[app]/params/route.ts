import { apiRoute } from "@/server/http/v1/api-route";
import { parameters } from "@/server/http/v1/endpoints";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Secret values only for roles with "parameters.reveal"; others get a placeholder. */
export const GET = apiRoute("apps.read", parameters);
