import { apiRoute } from "@/server/http/v1/api-route";
import { me } from "@/server/http/v1/endpoints";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = apiRoute("org.read", me);
