import { appDeps } from "@/server/composition";
import { inspectLink } from "@/server/domain/members/inspect-link";
import { publicRoute } from "@/server/http/public-route";
import { linkKind } from "@/server/domain/members/account-links";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** What an invitation or password-reset link is for (org, email, role), or why it no longer works. */
export const POST = publicRoute((body) => inspectLink(appDeps().db, body.token, linkKind(body.kind)));
