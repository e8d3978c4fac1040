"use client";

import { useEffect, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { Plus, Trash2 } from "lucide-react";
import { useTRPC } from "@/components/trpc/client";
import type { ProtectionInput } from "@/server/domain/protection/save-protection";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { errorFor, formError } from "./use-me";

type Rules = ProtectionInput;
type Window = Rules["freezes"][number];
const ROLES = [
  ["ADMIN", "Admins"],
  ["DEVELOPER", "Developers"],
  ["REVIEWER", "Reviewers"],
  ["PRODUCT_OWNER", "Product owners"],
] as const;
const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const EMPTY: Rules = {
  requireApproval: false,
  approverRoles: [],
  approverUserIds: [],
  allowSelfApproval: false,
  timeZone: "UTC",
  freezes: [],
  freezeMode: "WAIT",
};

/** An admin's protection rules for one stage: who approves its deploys, and when deploys are frozen. */
export function ProtectionEditor({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const data = useQuery(trpc.stages.protections.queryOptions({ appSlug: slug }));
  const [stage, setStage] = useState("prod");
  const saved = data.data?.protections.find((p) => p.stage === stage);
  const [rules, setRules] = useState<Rules>(EMPTY);
  // Reset the form when another stage is picked or the saved rules change, not on every refetch.
  const savedKey = JSON.stringify(saved ?? null);
  useEffect(() => {
    const { stage: _s, frozenNow: _f, ...r } = saved ?? { ...EMPTY, stage, frozenNow: null };
    setRules(r);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [savedKey, stage]);
  const save = useMutation(
    trpc.stages.protect.mutationOptions({
      onSuccess: () => {
        toast.success(`Protection rules of ${stage} saved`);
        void qc.invalidateQueries();
      },
    }),
  );
  const set = (patch: Partial<Rules>) => setRules((r) => ({ ...r, ...patch }));
  const toggle = <T,>(list: T[], v: T, on: boolean) => (on ? [...new Set([...list, v])] : list.filter((x) => x !== v));
  const setWindow = (i: number, w: Window) => set({ freezes: rules.freezes.map((x, j) => (j === i ? w : x)) });
  return (
    <Card data-testid="protection-card">
      <CardHeader>
        <div>
          <CardTitle>Protection rules</CardTitle>
          <CardDescription>
            Per stage: deploys wait for an approval, and deploy freezes hold (or fail) them. Promotions and rollbacks follow the same rules.
          </CardDescription>
        </div>
      </CardHeader>
      <CardContent>
        <form
          className="space-y-5"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate({ appSlug: slug, stage, rules });
          }}
        >
          <Field
            label="Stage"
            className="max-w-xs"
            error={errorFor(save.error, "stage")}
            hint={saved?.frozenNow ? saved.frozenNow.message : undefined}
          >
            <Input value={stage} onChange={(e) => setStage(e.target.value.trim())} data-testid="protection-stage" />
          </Field>
          <fieldset className="space-y-2">
            <Checkbox
              label="Require approval before a deploy"
              checked={rules.requireApproval}
              onChange={(e) => set({ requireApproval: e.target.checked })}
              data-testid="protection-require-approval"
            />
            {rules.requireApproval && (
              <div className="ml-6 space-y-2 text-sm">
                <p className="text-fg-muted">Who may approve</p>
                <div className="flex flex-wrap gap-4">
                  {ROLES.map(([role, label]) => (
                    <Checkbox
                      key={role}
                      label={label}
                      checked={rules.approverRoles.includes(role)}
                      onChange={(e) => set({ approverRoles: toggle(rules.approverRoles, role, e.target.checked) })}
                      data-testid={`protection-role-${role}`}
                    />
                  ))}
                </div>
                <div className="flex flex-wrap gap-4">
                  {data.data?.members.map((m) => (
                    <Checkbox
                      key={m.userId}
                      label={m.name}
                      description={m.email}
                      checked={rules.approverUserIds.includes(m.userId)}
                      onChange={(e) => set({ approverUserIds: toggle(rules.approverUserIds, m.userId, e.target.checked) })}
                    />
                  ))}
                </div>
                {errorFor(save.error, "approverRoles") && <p className="text-danger-700">{errorFor(save.error, "approverRoles")}</p>}
                <Checkbox
                  label="The author of the change may approve it"
                  checked={rules.allowSelfApproval}
                  onChange={(e) => set({ allowSelfApproval: e.target.checked })}
                  data-testid="protection-self-approval"
                />
              </div>
            )}
          </fieldset>
          <fieldset className="space-y-3">
            <legend className="text-sm font-medium text-fg">Deploy freezes</legend>
            <div className="flex flex-wrap gap-3">
              <Field label="Time zone" error={errorFor(save.error, "timeZone")}>
                <Input
                  value={rules.timeZone}
                  onChange={(e) => set({ timeZone: e.target.value })}
                  placeholder="Europe/Berlin"
                  data-testid="protection-timezone"
                />
              </Field>
              <Field label="During a freeze, deploys">
                <Select
                  value={rules.freezeMode}
                  onChange={(e) => set({ freezeMode: e.target.value as Rules["freezeMode"] })}
                  data-testid="protection-freeze-mode"
                >
                  <option value="WAIT">wait until it ends</option>
                  <option value="FAIL">fail</option>
                </Select>
              </Field>
            </div>
            {rules.freezes.map((w, i) => (
              <div
                key={i}
                className="flex flex-wrap items-end gap-2 rounded-md border border-border p-2"
                data-testid={`protection-window-${i}`}
              >
                {w.kind === "once" ? (
                  <>
                    <Field label="From">
                      <Input type="datetime-local" value={w.start} onChange={(e) => setWindow(i, { ...w, start: e.target.value })} />
                    </Field>
                    <Field label="Until">
                      <Input type="datetime-local" value={w.end} onChange={(e) => setWindow(i, { ...w, end: e.target.value })} />
                    </Field>
                  </>
                ) : (
                  <>
                    <div className="flex gap-2 pb-2">
                      {DAYS.map((d, n) => (
                        <Checkbox
                          key={d}
                          label={d}
                          checked={w.days.includes(n)}
                          onChange={(e) => setWindow(i, { ...w, days: toggle(w.days, n, e.target.checked).sort() })}
                        />
                      ))}
                    </div>
                    <Field label="From">
                      <Input type="time" value={w.start} onChange={(e) => setWindow(i, { ...w, start: e.target.value })} />
                    </Field>
                    <Field label="Until">
                      <Input type="time" value={w.end} onChange={(e) => setWindow(i, { ...w, end: e.target.value })} />
                    </Field>
                    <Field label="Extra days">
                      <Input
                        type="number"
                        min={0}
                        max={6}
                        value={w.spanDays ?? 0}
                        onChange={(e) => setWindow(i, { ...w, spanDays: Number(e.target.value) })}
                        className="w-20"
                      />
                    </Field>
                  </>
                )}
                <Field label="Note" optional>
                  <Input value={w.note ?? ""} onChange={(e) => setWindow(i, { ...w, note: e.target.value || undefined })} />
                </Field>
                <Button
                  type="button"
                  size="icon-sm"
                  variant="ghost"
                  aria-label="Remove this window"
                  onClick={() => set({ freezes: rules.freezes.filter((_, j) => j !== i) })}
                >
                  <Trash2 />
                </Button>
              </div>
            ))}
            <div className="flex gap-2">
              <Button
                type="button"
                variant="secondary"
                size="sm"
                onClick={() => set({ freezes: [...rules.freezes, { kind: "once", start: "", end: "" }] })}
                data-testid="protection-add-once"
              >
                <Plus aria-hidden="true" />
                One-off window
              </Button>
              <Button
                type="button"
                variant="secondary"
                size="sm"
                onClick={() =>
                  set({ freezes: [...rules.freezes, { kind: "weekly", days: [5], start: "16:00", end: "08:00", spanDays: 2 }] })
                }
                data-testid="protection-add-weekly"
              >
                <Plus aria-hidden="true" />
                Weekly window
              </Button>
            </div>
          </fieldset>
          {formError(save.error, ["stage", "timeZone", "approverRoles"]) && (
            <p role="alert" className="text-sm text-danger-700" data-testid="protection-error">
              {formError(save.error, ["stage", "timeZone", "approverRoles"])}
            </p>
          )}
          <Button type="submit" loading={save.isPending} data-testid="protection-save">
            Save rules for {stage || "…"}
          </Button>
        </form>
      </CardContent>
    </Card>
  );
}
