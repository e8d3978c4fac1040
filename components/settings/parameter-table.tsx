"use client";

import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { KeyRound, Pencil, Plus, Trash2 } from "lucide-react";
import { useTRPC } from "@/components/trpc/client";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Code } from "@/components/ui/code";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog, DialogBody, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { errorFor, formError } from "./use-me";
import { discardQuestion, useUnsavedChanges } from "./unsaved-changes";

export type ParamOwner =
  { kind: "profile"; profileId: string } | { kind: "app"; appSlug: string } | { kind: "app-stage"; appSlug: string; stage: string };
export type ParamRow = {
  id: string;
  key: string;
  secret: boolean;
  value: string | null;
  isSet: boolean;
  description: string;
  stage?: string | null;
};

/** A list of parameters with add / edit / delete; a secret shows only that it is set, and can be replaced. */
export function ParameterTable({
  owner,
  params,
  canEdit,
  testId,
}: {
  owner: ParamOwner;
  params: ParamRow[];
  canEdit: boolean;
  testId: string;
}) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [editing, setEditing] = useState<ParamRow | "new" | null>(null);
  const remove = useMutation(trpc.parameters.delete.mutationOptions({ onSuccess: () => qc.invalidateQueries() }));
  return (
    <div className="space-y-3" data-testid={testId}>
      {params.length === 0 ? (
        <p className="text-sm text-fg-subtle">No parameters.</p>
      ) : (
        <Table>
          <THead>
            <Tr>
              <Th>Key</Th>
              <Th>Value</Th>
              <Th>Description</Th>
              {canEdit && (
                <Th className="w-24">
                  <span className="sr-only">Actions</span>
                </Th>
              )}
            </Tr>
          </THead>
          <TBody>
            {params.map((p) => (
              <Tr key={p.id} data-testid={`param-row-${p.key}`}>
                <Td>
                  <Code>{p.key}</Code>
                </Td>
                <Td data-testid="param-value">
                  {p.secret ? (
                    <span className="inline-flex items-center gap-1.5 text-fg-muted">
                      <KeyRound className="size-3.5" aria-hidden="true" />
                      <span aria-label="secret value hidden">••••••••</span>
                      <Badge tone={p.isSet ? "success" : "warning"}>{p.isSet ? "secret set" : "not set"}</Badge>
                    </span>
                  ) : (
                    <span className="font-mono text-[13px]">{p.value}</span>
                  )}
                </Td>
                <Td className="text-fg-muted">{p.description}</Td>
                {canEdit && (
                  <Td className="text-right">
                    <Button
                      size="icon-sm"
                      variant="ghost"
                      aria-label={`Edit ${p.key}`}
                      data-testid={`param-edit-${p.key}`}
                      onClick={() => setEditing(p)}
                    >
                      <Pencil />
                    </Button>
                    <ConfirmDialog
                      trigger={
                        <Button size="icon-sm" variant="ghost" aria-label={`Delete ${p.key}`} data-testid={`param-delete-${p.key}`}>
                          <Trash2 />
                        </Button>
                      }
                      title={`Delete ${p.key}?`}
                      description="Stages that read this parameter will fail to resolve it (or fall back to another level)."
                      confirmLabel="Delete"
                      danger
                      onConfirm={async () => {
                        await remove.mutateAsync({ id: p.id });
                        toast.success(`Deleted ${p.key}`);
                      }}
                    />
                  </Td>
                )}
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
      {canEdit && (
        <Button size="sm" onClick={() => setEditing("new")} data-testid={`${testId}-add`}>
          <Plus />
          Add parameter
        </Button>
      )}
      {editing && <ParameterDialog owner={owner} param={editing === "new" ? null : editing} onClose={() => setEditing(null)} />}
    </div>
  );
}

function ParameterDialog({ owner, param, onClose }: { owner: ParamOwner; param: ParamRow | null; onClose: () => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [key, setKey] = useState(param?.key ?? "");
  const [value, setValue] = useState(param && !param.secret ? (param.value ?? "") : "");
  const [secret, setSecret] = useState(param?.secret ?? false);
  const [description, setDescription] = useState(param?.description ?? "");
  const save = useMutation(
    trpc.parameters.upsert.mutationOptions({
      onSuccess: async (p) => {
        await qc.invalidateQueries();
        toast.success(`Saved ${p.key}`);
        onClose();
      },
    }),
  );
  const keepingSecret = Boolean(param?.secret && secret && param.isSet);
  const label = param ? `parameter ${param.key}` : "the new parameter";
  const dirty =
    key !== (param?.key ?? "") ||
    value !== (param && !param.secret ? (param.value ?? "") : "") ||
    secret !== (param?.secret ?? false) ||
    description !== (param?.description ?? "");
  // Closing the tab asks (the page's provider); a click outside the dialog or Escape asks here, and keeps the edit when cancelled.
  useUnsavedChanges(dirty && !save.isSuccess, label);
  return (
    <Dialog open onOpenChange={(o) => !o && (!dirty || save.isSuccess || window.confirm(discardQuestion(label))) && onClose()}>
      <DialogContent>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate({ owner, id: param?.id, key, secret, description, value: secret && value === "" && keepingSecret ? null : value });
          }}
        >
          <DialogHeader>
            <DialogTitle>{param ? `Edit ${param.key}` : "Add a parameter"}</DialogTitle>
            <DialogDescription>
              Read in serverless.yml as <Code>{"${param:" + (key || "key") + "}"}</Code>.
            </DialogDescription>
          </DialogHeader>
          <DialogBody className="flex flex-col gap-4">
            <Field label="Key" required error={errorFor(save.error, "key")}>
              <Input value={key} onChange={(e) => setKey(e.target.value)} autoComplete="off" spellCheck={false} data-testid="param-key" />
            </Field>
            <Field
              label="Value"
              error={errorFor(save.error, "value")}
              hint={
                keepingSecret
                  ? "The secret is set and never shown again. Type a new value to replace it, or leave empty to keep it."
                  : secret
                    ? "Stored encrypted; never shown again after saving."
                    : undefined
              }
            >
              <Input
                type={secret ? "password" : "text"}
                value={value}
                onChange={(e) => setValue(e.target.value)}
                autoComplete="off"
                spellCheck={false}
                placeholder={keepingSecret ? "•••••••• (set)" : ""}
                data-testid="param-value-input"
              />
            </Field>
            <Checkbox
              label="Secret"
              description="Encrypted at rest, masked in logs, never sent back to the browser."
              checked={secret}
              onChange={(e) => setSecret(e.target.checked)}
              data-testid="param-secret"
            />
            <Field label="Description" optional error={errorFor(save.error, "description")}>
              <Input value={description} onChange={(e) => setDescription(e.target.value)} data-testid="param-description" />
            </Field>
            {formError(save.error, ["key", "value", "description"]) && (
              <p role="alert" className="text-sm text-danger-700">
                {formError(save.error, ["key", "value", "description"])}
              </p>
            )}
          </DialogBody>
          <DialogFooter>
            <Button variant="ghost" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" variant="primary" loading={save.isPending} data-testid="param-save">
              Save
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
