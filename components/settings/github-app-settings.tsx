"use client";

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { useTRPC } from "@/components/trpc/client";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { CodeBlock } from "@/components/ui/code";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { Skeleton } from "@/components/ui/skeleton";
import { Textarea } from "@/components/ui/textarea";
import { errorFor, formError } from "./use-me";

/**
 * The org's GitHub App: app id, private key and webhook secret (write-only). Slipway checks the
 * key with GitHub before saving; repositories are then used only if the app's installation sees them.
 */
export function GitHubAppSettings() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const current = useQuery(trpc.githubApp.get.queryOptions());
  const [appId, setAppId] = useState("");
  const [privateKey, setPrivateKey] = useState("");
  const [webhookSecret, setWebhookSecret] = useState("");
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.githubApp.get.queryKey() });
  const save = useMutation(
    trpc.githubApp.save.mutationOptions({
      onSuccess: (app) => {
        toast.success(`GitHub App ${app.slug} saved`);
        setPrivateKey("");
        setWebhookSecret("");
        void refresh();
      },
    }),
  );
  const remove = useMutation(trpc.githubApp.remove.mutationOptions({ onSuccess: refresh }));
  if (current.isPending) return <Skeleton className="h-64 w-full" />;
  if (current.error)
    return (
      <p role="alert" className="text-sm text-danger-700">
        {current.error.message}
      </p>
    );
  const app = current.data.app;
  return (
    <div className="space-y-6">
      <PageHeader
        title="GitHub App"
        description="Slipway posts commit statuses, GitHub Deployments and the pull-request comment as your organization's GitHub App, on the repositories its installation can see."
      />
      <Card data-testid="github-app-card">
        <CardHeader>
          <div>
            <CardTitle>
              {app ? (
                <>
                  App {app.appId} <Badge tone="success">connected</Badge>
                </>
              ) : (
                "No GitHub App yet"
              )}
            </CardTitle>
            <CardDescription>
              {app ? (
                <>
                  Saved <RelativeTime date={app.updatedAt} />; webhook secret {app.hasWebhookSecret ? "set" : "not set"}. The private key is
                  stored encrypted and never shown again.
                </>
              ) : current.data.personalToken ? (
                "The server's GITHUB_TOKEN speaks for this organization (a single-team install). A GitHub App limits Slipway to the repositories you install it on."
              ) : (
                "Create a GitHub App (permissions: Commit statuses, Deployments, Pull requests and Contents: read; events: push, pull request, delete), install it on your repositories, then paste its id and private key."
              )}
            </CardDescription>
          </div>
          {app && (
            <ConfirmDialog
              trigger={
                <Button variant="ghost" data-testid="github-app-remove">
                  Remove
                </Button>
              }
              title="Remove the GitHub App?"
              description="Slipway stops reporting to GitHub for this organization until an app is saved again."
              confirmLabel="Remove"
              danger
              onConfirm={async () => {
                await remove.mutateAsync();
                toast.success("GitHub App removed");
              }}
            />
          )}
        </CardHeader>
        <CardContent>
          <form
            className="space-y-4"
            onSubmit={(e) => {
              e.preventDefault();
              save.mutate({ appId: appId || app?.appId || "", privateKey: privateKey || null, webhookSecret: webhookSecret || null });
            }}
          >
            <Field label="App ID" className="max-w-xs" error={errorFor(save.error, "appId")}>
              <Input
                value={appId}
                onChange={(e) => setAppId(e.target.value.trim())}
                placeholder={app?.appId ?? "123456"}
                inputMode="numeric"
                data-testid="github-app-id"
              />
            </Field>
            <Field
              label="Private key"
              hint={app ? "Leave empty to keep the stored key" : "The .pem file GitHub generated"}
              error={errorFor(save.error, "privateKey")}
            >
              <Textarea
                mono
                rows={5}
                value={privateKey}
                onChange={(e) => setPrivateKey(e.target.value)}
                placeholder="-----BEGIN RSA PRIVATE KEY-----"
                autoComplete="off"
                data-testid="github-app-key"
              />
            </Field>
            <Field label="Webhook secret" optional hint={app?.hasWebhookSecret ? "Leave empty to keep the stored secret" : undefined}>
              <Input
                type="password"
                value={webhookSecret}
                onChange={(e) => setWebhookSecret(e.target.value)}
                autoComplete="off"
                data-testid="github-app-webhook-secret"
              />
            </Field>
            <CodeBlock title="Webhook URL (content type application/json)">{current.data.webhookUrl}</CodeBlock>
            {formError(save.error, ["appId", "privateKey"]) && (
              <p role="alert" className="text-sm text-danger-700">
                {formError(save.error, ["appId", "privateKey"])}
              </p>
            )}
            <Button type="submit" variant="primary" loading={save.isPending} data-testid="github-app-save">
              {app ? "Save changes" : "Connect GitHub App"}
            </Button>
          </form>
        </CardContent>
      </Card>
    </div>
  );
}
