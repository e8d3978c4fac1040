import { appDeps } from "@/server/composition";
import { acceptInvite } from "@/server/domain/members/accept-invite";
import { resetPassword } from "@/server/domain/members/reset-password";
import { publicRoute } from "@/server/http/public-route";
import { linkKind } from "@/server/domain/members/account-links";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Uses a one-time link: an invitee sets name and password, or a member sets a new password. */
export const POST = publicRoute((body) =>
  linkKind(body.kind) === "INVITE"
    ? acceptInvite(appDeps().db, { token: body.token, name: body.name, password: body.password })
    : resetPassword(appDeps().db, { token: body.token, password: body.password }),
);
