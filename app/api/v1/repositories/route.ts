import { apiRoute } from "@/server/http/v1/api-route";
import { connect } from "@/server/http/v1/onboarding-endpoints";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = apiRoute("apps.create", connect);
