"use client";

import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { errorFor, formError } from "@/components/settings/use-me";
import type { ConnectedRepository } from "./types";

type AuthKind = "ssh" | "token" | "none";

const AUTH_CHOICES: { kind: AuthKind; label: string; hint: string }[] = [
  {
    kind: "ssh",
    label: "Deploy key",
    hint: "ssh:// or git@host:path. Slipway generates an SSH key for this repository; you paste its public half into GitHub/GitLab.",
  },
  {
    kind: "token",
    label: "HTTPS token",
    hint: "https://. A personal or project access token, stored encrypted and handed to git without ever being in a URL.",
  },
  { kind: "none", label: "Public", hint: "A public https:// repository (or a local path where the server allows it): no credentials." },
];

/** Step 1: the app's name and slug, the repository URL and how Slipway gets in. */
export function RepositoryStep({
  onConnected,
  name,
  slug,
  setName,
  setSlug,
}: {
  onConnected: (repo: ConnectedRepository) => void;
  name: string;
  slug: string;
  setName: (v: string) => void;
  setSlug: (v: string) => void;
}) {
  const trpc = useTRPC();
  const [url, setUrl] = useState("");
  const [auth, setAuth] = useState<AuthKind>("ssh");
  const [username, setUsername] = useState("");
  const [token, setToken] = useState("");
  const [slugTouched, setSlugTouched] = useState(false);
  const connect = useMutation(trpc.repositories.connect.mutationOptions({ onSuccess: onConnected }));
  const submit = () =>
    connect.mutate({ url, auth: auth === "token" ? { kind: "token", username: username || undefined, token } : { kind: auth } });
  return (
    <Card data-testid="repository-step">
      <CardHeader>
        <div>
          <CardTitle>1. Repository</CardTitle>
          <CardDescription>The git repository that holds your services (one serverless.yml each).</CardDescription>
        </div>
      </CardHeader>
      <CardContent>
        <form
          className="grid gap-4 sm:grid-cols-2"
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <Field label="App name" required>
            <Input
              value={name}
              data-testid="new-app-name"
              onChange={(e) => {
                setName(e.target.value);
                if (!slugTouched)
                  setSlug(
                    e.target.value
                      .toLowerCase()
                      .replace(/[^a-z0-9]+/g, "-")
                      .replace(/^-+|-+$/g, "")
                      .slice(0, 63),
                  );
              }}
            />
          </Field>
          <Field label="Slug" required hint="Lowercase, in links: /apps/<slug>">
            <Input
              value={slug}
              data-testid="new-app-slug"
              onChange={(e) => {
                setSlugTouched(true);
                setSlug(e.target.value);
              }}
            />
          </Field>
          <Field
            label="Repository URL"
            required
            className="sm:col-span-2"
            error={errorFor(connect.error, "url")}
            hint="https://host/owner/repo.git, ssh://git@host/owner/repo.git or git@host:owner/repo.git"
          >
            <Input
              value={url}
              onChange={(e) => setUrl(e.target.value)}
              spellCheck={false}
              autoComplete="off"
              data-testid="new-app-url"
              className="font-mono"
            />
          </Field>
          <fieldset className="sm:col-span-2 space-y-2">
            <legend className="text-sm font-medium text-fg">How Slipway gets in</legend>
            {AUTH_CHOICES.map((c) => (
              <label key={c.kind} className="flex items-start gap-2 text-sm">
                <input
                  type="radio"
                  name="auth"
                  className="mt-1 accent-accent-600"
                  checked={auth === c.kind}
                  onChange={() => setAuth(c.kind)}
                  data-testid={`new-app-auth-${c.kind}`}
                />
                <span>
                  <span className="font-medium text-fg">{c.label}</span>
                  <span className="block text-xs text-fg-subtle">{c.hint}</span>
                </span>
              </label>
            ))}
          </fieldset>
          {auth === "token" && (
            <>
              <Field label="User name" optional hint="GitHub: x-access-token (default); GitLab: oauth2">
                <Input value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="off" data-testid="new-app-username" />
              </Field>
              <Field label="Token" required error={errorFor(connect.error, "token")}>
                <Input
                  type="password"
                  value={token}
                  onChange={(e) => setToken(e.target.value)}
                  autoComplete="new-password"
                  data-testid="new-app-token"
                />
              </Field>
            </>
          )}
          {formError(connect.error, ["url", "token"]) && (
            <p role="alert" className="sm:col-span-2 text-sm text-danger-700" data-testid="connect-error">
              {formError(connect.error, ["url", "token"])}
            </p>
          )}
          <div className="sm:col-span-2">
            <Button type="submit" variant="primary" loading={connect.isPending} data-testid="new-app-connect">
              {auth === "ssh" ? "Generate deploy key" : "Connect"}
            </Button>
          </div>
        </form>
      </CardContent>
    </Card>
  );
}
