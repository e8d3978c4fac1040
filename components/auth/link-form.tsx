"use client";

import { useEffect, useRef, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { ROLE_LABELS } from "@/server/domain/auth/permissions";
import { fieldError, formError, postJson, signInAndGo, type FormProblem } from "./post-json";

type Kind = "invite" | "reset";
interface LinkInfo {
  email: string;
  role: keyof typeof ROLE_LABELS | null;
  orgName: string;
}

/**
 * An invitation (set name and password) or a password-reset link (set a new password). The token is
 * the URL's fragment: read here, sent in a POST body, and dropped from the address bar at once.
 */
export function LinkForm({ kind }: { kind: Kind }) {
  const [token, setToken] = useState<string | null>(null);
  const [info, setInfo] = useState<LinkInfo | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
  const [form, setForm] = useState({ name: "", password: "" });
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [pending, setPending] = useState(false);
  const read = useRef(false);

  useEffect(() => {
    // Once per page: the fragment is gone after the first read (and development runs effects twice).
    if (read.current) return;
    read.current = true;
    const t = window.location.hash.slice(1);
    window.history.replaceState(null, "", window.location.pathname);
    if (!t) {
      setRefused("This link is incomplete. Open the whole link you were given.");
      return;
    }
    setToken(t);
    void postJson<LinkInfo>("/api/links/inspect", { kind, token: t }).then((r) =>
      r.problem ? setRefused(r.problem.message) : setInfo(r.data),
    );
  }, [kind]);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setPending(true);
    setProblem(null);
    const res = await postJson<{ email: string }>("/api/links/redeem", { kind, token, ...form });
    if (res.problem) {
      setPending(false);
      setProblem(res.problem);
      return;
    }
    await signInAndGo(res.data.email, form.password);
  }

  if (refused)
    return (
      <p className="mt-4 text-sm text-danger-700" data-testid="link-refused">
        {refused}
      </p>
    );
  if (!info) return <Skeleton className="mt-6 h-40 w-full" />;
  const general = formError(problem, ["name", "password"]);
  return (
    <form onSubmit={onSubmit} className="mt-4 space-y-4" noValidate>
      <p className="text-sm text-fg-muted" data-testid="link-info">
        {kind === "invite" ? (
          <>
            You are invited to <strong className="text-fg">{info.orgName}</strong> as{" "}
            <strong className="text-fg">{info.role ? ROLE_LABELS[info.role] : ""}</strong>, with the email{" "}
            <strong className="text-fg">{info.email}</strong>.
          </>
        ) : (
          <>
            Choose a new password for <strong className="text-fg">{info.email}</strong>.
          </>
        )}
      </p>
      {kind === "invite" && (
        <Field label="Your name" required error={fieldError(problem, "name")}>
          <Input
            value={form.name}
            onChange={(e) => setForm({ ...form, name: e.target.value })}
            autoComplete="name"
            data-testid="link-name"
          />
        </Field>
      )}
      <input type="email" value={info.email} autoComplete="username" readOnly hidden />
      <Field
        label={kind === "invite" ? "Password" : "New password"}
        required
        error={fieldError(problem, "password")}
        hint="At least 10 characters."
      >
        <Input
          type="password"
          value={form.password}
          onChange={(e) => setForm({ ...form, password: e.target.value })}
          autoComplete="new-password"
          data-testid="link-password"
        />
      </Field>
      {general && (
        <p className="text-sm text-danger-700" data-testid="link-error">
          {general}
        </p>
      )}
      <Button type="submit" className="w-full" loading={pending} data-testid="link-submit">
        {kind === "invite" ? "Join and sign in" : "Set the password and sign in"}
      </Button>
    </form>
  );
}
