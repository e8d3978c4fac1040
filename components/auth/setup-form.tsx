"use client";

import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { fieldError, formError, postJson, signInAndGo, type FormProblem } from "./post-json";

const FIELDS = ["token", "name", "email", "password", "orgName", "orgSlug"];

function slugify(s: string): string {
  return s
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
}

/** First run: the setup token, the first admin and the organisation; then signs the admin in. */
export function SetupForm({ tokenFile }: { tokenFile: string }) {
  const [form, setForm] = useState({ token: "", name: "", email: "", password: "", orgName: "", orgSlug: "" });
  const [slugTouched, setSlugTouched] = useState(false);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [pending, setPending] = useState(false);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => {
    const value = e.target.value;
    setForm((f) => ({ ...f, [k]: value, ...(k === "orgName" && !slugTouched ? { orgSlug: slugify(value) } : {}) }));
    if (k === "orgSlug") setSlugTouched(true);
  };

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setPending(true);
    setProblem(null);
    const res = await postJson<{ email: string }>("/api/setup", form);
    if (res.problem) {
      setPending(false);
      setProblem(res.problem);
      return;
    }
    await signInAndGo(res.data.email, form.password);
  }

  const general = formError(problem, FIELDS);
  return (
    <form onSubmit={onSubmit} className="mt-6 space-y-4" noValidate>
      <Field
        label="Setup token"
        required
        error={fieldError(problem, "token")}
        hint={
          <>
            Printed in the web app&apos;s log when it started, and kept in <code className="font-mono">{tokenFile}</code> on the server.
          </>
        }
      >
        <Input
          value={form.token}
          onChange={set("token")}
          autoComplete="off"
          spellCheck={false}
          className="font-mono"
          data-testid="setup-token"
        />
      </Field>
      <fieldset className="space-y-4 border-t border-border pt-4">
        <legend className="pt-3 text-sm font-medium text-fg">First admin</legend>
        <Field label="Name" required error={fieldError(problem, "name")}>
          <Input value={form.name} onChange={set("name")} autoComplete="name" data-testid="setup-name" />
        </Field>
        <Field label="Email" required error={fieldError(problem, "email")}>
          <Input type="email" value={form.email} onChange={set("email")} autoComplete="username" data-testid="setup-email" />
        </Field>
        <Field label="Password" required error={fieldError(problem, "password")} hint="At least 10 characters.">
          <Input
            type="password"
            value={form.password}
            onChange={set("password")}
            autoComplete="new-password"
            data-testid="setup-password"
          />
        </Field>
      </fieldset>
      <fieldset className="space-y-4 border-t border-border pt-4">
        <legend className="pt-3 text-sm font-medium text-fg">Organisation</legend>
        <Field label="Name" required error={fieldError(problem, "orgName")}>
          <Input value={form.orgName} onChange={set("orgName")} autoComplete="organization" data-testid="setup-org-name" />
        </Field>
        <Field
          label="Slug"
          required
          error={fieldError(problem, "orgSlug")}
          hint="Lowercase letters, digits and dashes; part of every preview link."
        >
          <Input value={form.orgSlug} onChange={set("orgSlug")} className="font-mono" data-testid="setup-org-slug" />
        </Field>
      </fieldset>
      {general && (
        <p className="text-sm text-danger-700" data-testid="setup-error">
          {general}
        </p>
      )}
      <Button type="submit" className="w-full" loading={pending} data-testid="setup-submit">
        Create the admin and the organisation
      </Button>
    </form>
  );
}
