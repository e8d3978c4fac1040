import { appDeps } from "@/server/composition";
import { getEnv } from "@/server/env";
import { completeSetup } from "@/server/domain/setup/complete-setup";
import { publicRoute } from "@/server/http/public-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** First run: the setup token from the data folder, the first admin and the organisation. */
export const POST = publicRoute(async (body) => {
  const token = typeof body.token === "string" ? body.token : "";
  const done = await completeSetup(appDeps().db, getEnv().SLIPWAY_DATA_DIR, token, {
    name: body.name,
    email: body.email,
    password: body.password,
    orgName: body.orgName,
    orgSlug: body.orgSlug,
  });
  return { email: done.email, orgSlug: done.orgSlug };
});
