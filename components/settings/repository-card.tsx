"use client";

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { useTRPC } from "@/components/trpc/client";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Code, CodeBlock } from "@/components/ui/code";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { errorFor, formError } from "./use-me";

const AUTH_LABEL = { ssh: "Deploy key", token: "HTTPS token", none: "No credentials" } as const;

/** The app's repository: URL and credentials (change them, test them), the deploy key and host key. */
export function RepositoryCard({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const settings = useQuery(trpc.repositories.settings.queryOptions({ appSlug: slug }));
  const test = useMutation(trpc.repositories.test.mutationOptions());
  const update = useMutation(
    trpc.repositories.update.mutationOptions({
      onSuccess: () => {
        toast.success("Repository saved");
        test.reset();
        void qc.invalidateQueries();
      },
    }),
  );
  const [editing, setEditing] = useState(false);
  const [url, setUrl] = useState("");
  const [auth, setAuth] = useState<"ssh" | "token" | "none">("ssh");
  const [keepKey, setKeepKey] = useState(true);
  const [username, setUsername] = useState("");
  const [token, setToken] = useState("");
  if (!settings.data) return null;
  const r = settings.data.repository;
  const result = test.data;
  return (
    <Card data-testid="repository-card">
      <CardHeader>
        <div>
          <CardTitle>Repository</CardTitle>
          <CardDescription>
            <Code>{r.url}</Code> · <Badge>{AUTH_LABEL[r.auth]}</Badge>
            {r.defaultBranch && (
              <>
                {" "}
                · default branch <Code>{r.defaultBranch}</Code>
              </>
            )}
          </CardDescription>
        </div>
      </CardHeader>
      <CardContent className="space-y-4">
        {r.publicKey && <CodeBlock title="Deploy key (needs write access for promote and rollback)">{r.publicKey}</CodeBlock>}
        {r.hostKeyFingerprint && (
          <p className="text-sm text-fg-muted">
            Host key: <Code data-testid="stored-host-key">{r.hostKeyFingerprint}</Code>
          </p>
        )}
        <div className="flex flex-wrap gap-2">
          <Button onClick={() => test.mutate({ repositoryId: r.id })} loading={test.isPending} data-testid="settings-test-connection">
            Test connection
          </Button>
          {r.auth === "ssh" && r.hostKeyFingerprint && (
            <Button onClick={() => update.mutate({ appSlug: slug, change: { kind: "reset-host-key" } })} data-testid="reset-host-key">
              Reset stored host key
            </Button>
          )}
          <Button
            variant="ghost"
            onClick={() => {
              setEditing(!editing);
              setUrl(r.url);
              setAuth(r.auth);
            }}
            data-testid="edit-repository"
          >
            Change URL or credentials
          </Button>
        </div>
        {result && (
          <p className={result.ok ? "text-sm text-success-700" : "text-sm text-danger-700"} data-testid="settings-connection-result">
            {result.ok ? `Connected: ${result.branches.length} branches.` : result.message}
          </p>
        )}
        {editing && (
          <form
            className="grid gap-3 sm:grid-cols-2"
            onSubmit={(e) => {
              e.preventDefault();
              update.mutate({
                appSlug: slug,
                change: {
                  kind: "url-and-auth",
                  url,
                  keepKey,
                  auth: auth === "token" ? { kind: "token", username: username || undefined, token } : { kind: auth },
                },
              });
            }}
          >
            <Field label="Repository URL" className="sm:col-span-2" error={errorFor(update.error, "url")}>
              <Input value={url} onChange={(e) => setUrl(e.target.value)} className="font-mono" />
            </Field>
            <Field label="Credentials">
              <Select
                value={auth}
                onChange={(e) => setAuth(e.target.value as typeof auth)}
                options={[
                  { value: "ssh", label: "Deploy key" },
                  { value: "token", label: "HTTPS token" },
                  { value: "none", label: "None (public)" },
                ]}
              />
            </Field>
            {auth === "ssh" && r.auth === "ssh" && (
              <label className="flex items-center gap-2 self-end text-sm">
                <input type="checkbox" checked={!keepKey} onChange={(e) => setKeepKey(!e.target.checked)} />
                Generate a new deploy key
              </label>
            )}
            {auth === "token" && (
              <>
                <Field label="User name" optional>
                  <Input value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="off" />
                </Field>
                <Field label="Token" error={errorFor(update.error, "token")}>
                  <Input type="password" value={token} onChange={(e) => setToken(e.target.value)} autoComplete="new-password" />
                </Field>
              </>
            )}
            {formError(update.error, ["url", "token"]) && (
              <p role="alert" className="sm:col-span-2 text-sm text-danger-700">
                {formError(update.error, ["url", "token"])}
              </p>
            )}
            <div className="sm:col-span-2">
              <Button type="submit" variant="primary" loading={update.isPending}>
                Save repository
              </Button>
            </div>
          </form>
        )}
      </CardContent>
    </Card>
  );
}
