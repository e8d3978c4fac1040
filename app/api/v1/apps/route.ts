import { apiRoute } from "@/server/http/v1/api-route";
import { apps } from "@/server/http/v1/endpoints";
import { create } from "@/server/http/v1/onboarding-endpoints";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = apiRoute("apps.read", apps);
export const POST = apiRoute("apps.create", create);
