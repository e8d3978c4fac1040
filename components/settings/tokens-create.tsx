"use client";

import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Plus } from "lucide-react";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
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
import { errorFor } from "./use-me";

/** Creates a token and shows it once: after the dialog closes only its prefix is ever shown again. */
export function CreateTokenButton() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const create = useMutation(
    trpc.tokens.create.mutationOptions({ onSuccess: () => qc.invalidateQueries({ queryKey: trpc.tokens.list.queryKey() }) }),
  );
  const token = create.data?.token;
  const origin = typeof window === "undefined" ? "" : window.location.origin;
  function onOpenChange(next: boolean) {
    setOpen(next);
    if (!next) {
      // Forget the plaintext as soon as the dialog closes.
      create.reset();
      setName("");
    }
  }
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button variant="primary" data-testid="token-create-open">
          <Plus />
          New token
        </Button>
      </DialogTrigger>
      <DialogContent>
        {token ? (
          <>
            <DialogHeader>
              <DialogTitle>Copy your token now</DialogTitle>
              <DialogDescription>It is shown only once; Slipway keeps nothing but its hash.</DialogDescription>
            </DialogHeader>
            <DialogBody className="flex flex-col gap-3">
              <div className="flex items-center gap-2 rounded-md border border-border bg-subtle px-3 py-2">
                <code className="min-w-0 flex-1 break-all font-mono text-xs" data-testid="token-value">
                  {token}
                </code>
                <CopyButton value={token} label="Copy token" />
              </div>
              <p className="text-sm text-fg-subtle">In a service folder:</p>
              <pre className="overflow-x-auto rounded-md bg-subtle px-3 py-2 font-mono text-xs">{`slipway login --url ${origin} --token ${token}\nslipway deploy --stage ${"<your-name>"}`}</pre>
            </DialogBody>
            <DialogFooter>
              <Button variant="primary" onClick={() => onOpenChange(false)} data-testid="token-done">
                Done
              </Button>
            </DialogFooter>
          </>
        ) : (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              create.mutate({ name });
            }}
          >
            <DialogHeader>
              <DialogTitle>New API token</DialogTitle>
              <DialogDescription>It will act as you, with your role, in this organization.</DialogDescription>
            </DialogHeader>
            <DialogBody>
              <Field
                label="Name"
                required
                hint="Where it is used, e.g. “work laptop” or “CI”."
                error={errorFor(create.error, "name") ?? (create.error && !errorFor(create.error, "name") ? create.error.message : null)}
              >
                <Input value={name} onChange={(e) => setName(e.target.value)} maxLength={80} autoFocus data-testid="token-name" />
              </Field>
            </DialogBody>
            <DialogFooter>
              <Button variant="ghost" onClick={() => onOpenChange(false)}>
                Cancel
              </Button>
              <Button type="submit" variant="primary" loading={create.isPending} disabled={!name.trim()} data-testid="token-create">
                Create token
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
