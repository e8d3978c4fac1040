"use client";

import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { toast } from "sonner";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { errorFor, formError } from "./use-me";

const EMPTY = { currentPassword: "", newPassword: "" };

/** Changing one's own password (the current one is required). */
export function AccountSettings() {
  const trpc = useTRPC();
  const [form, setForm] = useState(EMPTY);
  const change = useMutation(
    trpc.account.changePassword.mutationOptions({
      onSuccess: () => {
        toast.success("Password changed");
        setForm(EMPTY);
      },
    }),
  );
  const general = formError(change.error, ["currentPassword", "newPassword"]);
  return (
    <div className="space-y-6">
      <PageHeader title="Your account" description="Your sign-in password." />
      <Card className="max-w-md p-5">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            change.mutate(form);
          }}
          className="space-y-4"
          data-testid="password-form"
        >
          <input type="text" autoComplete="username" hidden readOnly />
          <Field label="Current password" required error={errorFor(change.error, "currentPassword")}>
            <Input
              type="password"
              value={form.currentPassword}
              onChange={(e) => setForm({ ...form, currentPassword: e.target.value })}
              autoComplete="current-password"
              data-testid="password-current"
            />
          </Field>
          <Field label="New password" required error={errorFor(change.error, "newPassword")} hint="At least 10 characters.">
            <Input
              type="password"
              value={form.newPassword}
              onChange={(e) => setForm({ ...form, newPassword: e.target.value })}
              autoComplete="new-password"
              data-testid="password-new"
            />
          </Field>
          {general && <p className="text-sm text-danger-700">{general}</p>}
          <Button type="submit" variant="primary" loading={change.isPending} data-testid="password-save">
            Change password
          </Button>
        </form>
      </Card>
    </div>
  );
}
