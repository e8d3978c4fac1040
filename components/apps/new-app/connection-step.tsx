"use client";

import { useMutation } from "@tanstack/react-query";
import { CircleAlert, CircleCheck, KeyRound } from "lucide-react";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Code, CodeBlock } from "@/components/ui/code";
import type { ConnectedRepository, ConnectionResult } from "./types";

/** Step 2: the deploy key to paste (SSH), then "Test connection" until it lists the branches. */
export function ConnectionStep({ repo, onResult }: { repo: ConnectedRepository; onResult: (r: ConnectionResult) => void }) {
  const trpc = useTRPC();
  const test = useMutation(trpc.repositories.test.mutationOptions({ onSuccess: onResult }));
  const result = test.data;
  return (
    <Card data-testid="connection-step">
      <CardHeader>
        <div>
          <CardTitle>2. Connection</CardTitle>
          <CardDescription>
            <Code>{repo.url}</Code>
          </CardDescription>
        </div>
      </CardHeader>
      <CardContent className="space-y-4">
        {repo.auth === "ssh" && repo.publicKey && (
          <div className="space-y-2">
            <p className="flex items-center gap-1.5 text-sm text-fg">
              <KeyRound className="size-4" aria-hidden="true" />
              Add this public key to the repository’s <strong>deploy keys</strong> (GitHub: Settings → Deploy keys; GitLab: Settings →
              Repository → Deploy keys).
            </p>
            <p className="text-sm text-fg-muted">
              Allow <strong>write access</strong>: promoting staging to prod and rolling back push commits to the prod branch. Slipway keeps
              the private key encrypted and never shows it.
            </p>
            <div data-testid="deploy-public-key">
              <CodeBlock title="Deploy key (ed25519)">{repo.publicKey}</CodeBlock>
            </div>
          </div>
        )}
        <Button
          variant="primary"
          onClick={() => test.mutate({ repositoryId: repo.id })}
          loading={test.isPending}
          data-testid="test-connection"
        >
          Test connection
        </Button>
        {test.error && (
          <p role="alert" className="text-sm text-danger-700">
            {test.error.message}
          </p>
        )}
        {result && (
          <div data-testid="connection-result" data-ok={result.ok ? "true" : "false"} className="space-y-1 text-sm">
            {result.ok ? (
              <>
                <p className="flex items-center gap-1.5 text-success-700">
                  <CircleCheck className="size-4" aria-hidden="true" />
                  Connected: {result.branches.length} branch{result.branches.length === 1 ? "" : "es"} (
                  {result.branches.slice(0, 8).join(", ")}
                  {result.branches.length > 8 ? ", …" : ""}); default branch <Code>{result.defaultBranch}</Code>.
                </p>
              </>
            ) : (
              <p className="flex items-start gap-1.5 text-danger-700" data-testid="connection-error" data-reason={result.reason}>
                <CircleAlert className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
                {result.message}
              </p>
            )}
            {result.hostKeyFingerprint && (
              <p className="text-fg-muted" data-testid="host-key-fingerprint">
                Server host key
                {result.ok && result.hostKeyFirstSeen
                  ? " (seen for the first time — compare it with your git host’s published fingerprint)"
                  : ""}
                : <Code>{result.hostKeyFingerprint}</Code>
              </p>
            )}
          </div>
        )}
      </CardContent>
    </Card>
  );
}
