import { notFoundRoute } from "@/server/http/v1/api-route";

export const dynamic = "force-dynamic";

export const GET = notFoundRoute;
export const POST = notFoundRoute;
