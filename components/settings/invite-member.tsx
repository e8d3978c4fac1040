"use client";

import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { UserPlus } from "lucide-react";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogBody,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { errorFor, formError } from "./use-me";
import { OneTimeLink } from "./one-time-link";
import { ROLE_OPTIONS, type Role } from "./roles";

/** Invites someone by link: email and role here; they choose their name and password when they open it. */
export function InviteMemberButton() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState({ email: "", role: "DEVELOPER" as Role });
  const invite = useMutation(
    trpc.members.invite.mutationOptions({ onSuccess: () => qc.invalidateQueries({ queryKey: trpc.members.invites.queryKey() }) }),
  );
  function onOpenChange(next: boolean) {
    setOpen(next);
    if (!next) {
      // Forget the link as soon as the dialog closes.
      invite.reset();
      setForm({ email: "", role: "DEVELOPER" });
    }
  }
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button variant="primary" data-testid="invite-open">
          <UserPlus />
          Invite member
        </Button>
      </DialogTrigger>
      <DialogContent>
        {invite.data ? (
          <>
            <DialogHeader>
              <DialogTitle>Send this link to {invite.data.email}</DialogTitle>
              <DialogDescription>
                They set their name and password, and join as {ROLE_OPTIONS.find((r) => r.value === invite.data.role)?.label}.
              </DialogDescription>
            </DialogHeader>
            <DialogBody>
              <OneTimeLink url={invite.data.url} expiresAt={invite.data.expiresAt} testId="invite-link" />
            </DialogBody>
            <DialogFooter>
              <Button variant="primary" onClick={() => onOpenChange(false)} data-testid="invite-done">
                Done
              </Button>
            </DialogFooter>
          </>
        ) : (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              invite.mutate(form);
            }}
          >
            <DialogHeader>
              <DialogTitle>Invite a member</DialogTitle>
              <DialogDescription>Slipway makes a single-use link, valid for 7 days.</DialogDescription>
            </DialogHeader>
            <DialogBody className="flex flex-col gap-4">
              <Field label="Email" required error={errorFor(invite.error, "email")}>
                <Input
                  type="email"
                  value={form.email}
                  onChange={(e) => setForm({ ...form, email: e.target.value })}
                  autoFocus
                  data-testid="invite-email"
                />
              </Field>
              <Field label="Role">
                <Select
                  value={form.role}
                  onChange={(e) => setForm({ ...form, role: e.target.value as Role })}
                  options={ROLE_OPTIONS}
                  data-testid="invite-role"
                />
              </Field>
              {formError(invite.error, ["email"]) && (
                <p className="text-sm text-danger-700" data-testid="invite-error">
                  {formError(invite.error, ["email"])}
                </p>
              )}
            </DialogBody>
            <DialogFooter>
              <Button variant="ghost" onClick={() => onOpenChange(false)}>
                Cancel
              </Button>
              <Button type="submit" variant="primary" loading={invite.isPending} data-testid="invite-create">
                Create invitation link
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
