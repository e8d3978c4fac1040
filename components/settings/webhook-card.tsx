"use client";

import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { KeyRound } from "lucide-react";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { CodeBlock } from "@/components/ui/code";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";

/**
 * Connects the app's repository to Slipway's webhooks: a new secret (shown once), the GitHub
 * repository it answers for, and the URLs to paste into GitHub or the post-receive hook.
 */
export function WebhookCard({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const [githubRepo, setGithubRepo] = useState("");
  const rotate = useMutation(trpc.webhooks.rotateSecret.mutationOptions());
  const fieldError = (name: string) =>
    (rotate.error?.data as { field?: string } | undefined)?.field === name ? rotate.error?.message : undefined;
  return (
    <Card data-testid="webhook-card">
      <CardHeader>
        <div>
          <CardTitle>Git webhooks</CardTitle>
          <CardDescription>
            Slipway polls the repository; a webhook makes pushes, pull requests and deleted branches take effect at once. Generating a
            secret replaces the previous one.
          </CardDescription>
        </div>
      </CardHeader>
      <CardContent className="space-y-4">
        <div className="flex flex-wrap items-end gap-3">
          <Field
            label="GitHub repository"
            optional
            hint="owner/name, for GitHub webhooks, commit statuses and PR comments"
            className="min-w-72 flex-1"
            error={fieldError("githubRepo")}
          >
            <Input
              value={githubRepo}
              onChange={(e) => setGithubRepo(e.target.value.trim())}
              placeholder="acme/workshop"
              data-testid="webhook-github-repo"
            />
          </Field>
          <Button
            variant="secondary"
            loading={rotate.isPending}
            onClick={() => rotate.mutate({ appSlug: slug, githubRepo: githubRepo || undefined })}
            data-testid="webhook-rotate"
          >
            <KeyRound className="size-4" aria-hidden="true" />
            Generate secret
          </Button>
        </div>
        {rotate.error && !fieldError("githubRepo") && (
          <p role="alert" className="text-sm text-danger-700">
            {rotate.error.message}
          </p>
        )}
        {rotate.data && (
          <div className="space-y-3" data-testid="webhook-secret">
            <p className="text-sm text-fg-muted">Copy the secret now: Slipway keeps it encrypted and will not show it again.</p>
            <CodeBlock title="Secret">{rotate.data.secret}</CodeBlock>
            <CodeBlock title="GitHub payload URL (content type application/json)">{rotate.data.githubWebhookUrl}</CodeBlock>
            <CodeBlock title="post-receive hook URL (git config slipway.url)">{rotate.data.gitWebhookUrl}</CodeBlock>
          </div>
        )}
      </CardContent>
    </Card>
  );
}
