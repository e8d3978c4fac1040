import { handleGitHubWebhook } from "@/server/domain/webhooks/handle-github-webhook";
import { respond, webhookDeps } from "@/server/webhooks";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** GitHub webhooks (push, pull_request, delete); signed with the repository's secret. */
export function POST(req: Request) {
  return respond(() => handleGitHubWebhook(webhookDeps(), req));
}
