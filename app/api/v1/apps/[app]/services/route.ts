import { apiRoute } from "@/server/http/v1/api-route";
import { addAppService } from "@/server/http/v1/onboarding-endpoints";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = apiRoute("services.write", addAppService);
