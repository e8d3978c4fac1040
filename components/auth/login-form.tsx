"use client";

import { useState, type FormEvent } from "react";
import { signIn } from "next-auth/react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";

export function LoginForm({ callbackUrl }: { callbackUrl: string }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    setPending(true);
    setError(null);
    const res = await signIn("credentials", {
      email: String(data.get("email") ?? ""),
      password: String(data.get("password") ?? ""),
      redirect: false,
    });
    setPending(false);
    if (!res || res.error) {
      // The throttle's own message (next-auth passes a thrown error's message through); never the raw error otherwise.
      setError(res?.error?.startsWith("Too many") ? res.error : "That email and password do not match an account.");
      return;
    }
    window.location.assign(callbackUrl);
  }

  return (
    <form onSubmit={onSubmit} className="mt-6 space-y-4" noValidate>
      <Field label="Email" id="email">
        <Input name="email" type="email" autoComplete="username" required data-testid="login-email" />
      </Field>
      <Field label="Password" id="password" error={error}>
        <Input name="password" type="password" autoComplete="current-password" required data-testid="login-password" />
      </Field>
      <Button type="submit" className="w-full" loading={pending} data-testid="login-submit">
        Sign in
      </Button>
    </form>
  );
}
