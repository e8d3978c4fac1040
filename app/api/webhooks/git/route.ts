import { handleGitWebhook } from "@/server/domain/webhooks/handle-git-webhook";
import { respond, webhookDeps } from "@/server/webhooks";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Any git remote's post-receive hook (scripts/hooks/post-receive): `?app=<org>/<app>`, X-Slipway-Signature. */
export function POST(req: Request) {
  return respond(() => handleGitWebhook(webhookDeps(), req));
}
