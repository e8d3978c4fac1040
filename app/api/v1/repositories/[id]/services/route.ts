import { apiRoute } from "@/server/http/v1/api-route";
import { detect } from "@/server/http/v1/onboarding-endpoints";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = apiRoute("repositories.write", detect);
