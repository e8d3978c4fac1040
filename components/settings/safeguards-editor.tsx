"use client";

import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { Plus, Trash2 } from "lucide-react";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { POLICY_EXAMPLES, POLICY_NAMES, type PolicyName } from "@/server/domain/safeguards/policies";
import { errorFor, formError } from "./use-me";
import { useUnsavedChanges } from "./unsaved-changes";

type Row = { policy: string; level: string; config: string };

function sameRows(rows: Row[], saved: Array<{ policy: string; level: string; config: unknown }>) {
  const canonical = (config: string) => {
    try {
      return config.trim() ? JSON.stringify(JSON.parse(config)) : undefined;
    } catch {
      return config;
    }
  };
  return (
    rows.length === saved.length &&
    rows.every(
      (r, i) => r.policy === saved[i].policy && r.level === saved[i].level && canonical(r.config) === JSON.stringify(saved[i].config),
    )
  );
}

/** The profile's safeguards: policy, enforcement level, and its config as JSON (checked on the server). */
export function SafeguardsEditor({
  profileId,
  initial,
  canEdit,
}: {
  profileId: string;
  initial: Array<{ policy: string; level: string; config: unknown }>;
  canEdit: boolean;
}) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [rows, setRows] = useState<Row[]>(() =>
    initial.map((s) => ({ policy: s.policy, level: s.level, config: JSON.stringify(s.config) })),
  );
  // Unsaved when the rows differ from what is saved; a config differing only in spacing is the same config.
  useUnsavedChanges(sameRows(rows, initial) === false, "Safeguards");
  const [parseError, setParseError] = useState<{ index: number; message: string } | null>(null);
  const save = useMutation(
    trpc.profiles.saveSafeguards.mutationOptions({
      onSuccess: () => {
        toast.success("Safeguards saved");
        void qc.invalidateQueries();
      },
    }),
  );
  const unused = POLICY_NAMES.filter((p) => !rows.some((r) => r.policy === p));
  const set = (i: number, patch: Partial<Row>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  function submit() {
    setParseError(null);
    const safeguards = [];
    for (const [i, r] of rows.entries()) {
      try {
        safeguards.push({ policy: r.policy, level: r.level, config: r.config.trim() ? JSON.parse(r.config) : undefined });
      } catch {
        setParseError({ index: i, message: "The config is not valid JSON." });
        return;
      }
    }
    save.mutate({ id: profileId, safeguards });
  }

  return (
    <Card data-testid="safeguards-card">
      <CardHeader>
        <div>
          <CardTitle>Safeguards</CardTitle>
          <CardDescription>
            Policies checked against the resolved configuration before every deploy. An error blocks the deploy; a warning is reported.
          </CardDescription>
        </div>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {rows.length === 0 && <p className="text-sm text-fg-subtle">No safeguards.</p>}
        {rows.map((r, i) => (
          <div
            key={i}
            className="grid gap-3 rounded-lg border border-border p-3 sm:grid-cols-[14rem_8rem_1fr_auto]"
            data-testid={`safeguard-${r.policy}`}
          >
            <Field label="Policy" error={errorFor(save.error, `safeguards.${i}.policy`)}>
              <Select
                value={r.policy}
                disabled={!canEdit}
                data-testid="safeguard-policy"
                onChange={(e) =>
                  set(i, { policy: e.target.value, config: JSON.stringify(POLICY_EXAMPLES[e.target.value as PolicyName] ?? {}) })
                }
              >
                {[r.policy, ...unused].map((p) => (
                  <option key={p} value={p}>
                    {p}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label="Level" error={errorFor(save.error, `safeguards.${i}.level`)}>
              <Select value={r.level} disabled={!canEdit} onChange={(e) => set(i, { level: e.target.value })}>
                <option value="ERROR">error</option>
                <option value="WARNING">warning</option>
              </Select>
            </Field>
            <Field
              label="Config (JSON)"
              error={parseError?.index === i ? parseError.message : errorFor(save.error, `safeguards.${i}.config`)}
            >
              <Textarea
                mono
                rows={2}
                value={r.config}
                disabled={!canEdit}
                onChange={(e) => set(i, { config: e.target.value })}
                data-testid="safeguard-config"
              />
            </Field>
            {canEdit && (
              <Button
                className="self-end"
                size="icon"
                variant="ghost"
                aria-label={`Remove ${r.policy}`}
                onClick={() => setRows(rows.filter((_, j) => j !== i))}
              >
                <Trash2 />
              </Button>
            )}
          </div>
        ))}
        {formError(
          save.error,
          rows.flatMap((_, i) => [`safeguards.${i}.policy`, `safeguards.${i}.level`, `safeguards.${i}.config`]),
        ) && (
          <p role="alert" className="text-sm text-danger-700">
            {save.error?.message}
          </p>
        )}
      </CardContent>
      {canEdit && (
        <CardFooter className="justify-between">
          <Button
            size="sm"
            disabled={unused.length === 0}
            onClick={() => setRows([...rows, { policy: unused[0], level: "ERROR", config: JSON.stringify(POLICY_EXAMPLES[unused[0]]) }])}
            data-testid="safeguard-add"
          >
            <Plus />
            Add safeguard
          </Button>
          <Button variant="primary" loading={save.isPending} onClick={submit} data-testid="safeguards-save">
            Save safeguards
          </Button>
        </CardFooter>
      )}
    </Card>
  );
}
