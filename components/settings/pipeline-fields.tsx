"use client";

import { Plus, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { errorFor } from "./use-me";

export type PipelineDraft = {
  previewEnabled: boolean;
  previewTargetBranch: string;
  previewDestroy: boolean;
  branchDeployments: Array<{ branch: string; stage: string; profileId: string }>;
};

export const toDraft = (p: {
  previewEnabled: boolean;
  previewTargetBranch: string;
  previewDestroy: boolean;
  branchDeployments: Array<{ branch: string; stage: string; profileId?: string | null }>;
}): PipelineDraft => ({
  previewEnabled: p.previewEnabled,
  previewTargetBranch: p.previewTargetBranch,
  previewDestroy: p.previewDestroy,
  branchDeployments: p.branchDeployments.map((d) => ({ branch: d.branch, stage: d.stage, profileId: d.profileId ?? "" })),
});

export const fromDraft = (d: PipelineDraft) => ({
  ...d,
  branchDeployments: d.branchDeployments.map((b) => ({ branch: b.branch, stage: b.stage, profileId: b.profileId || null })),
});

/** The error fields a pipeline form can show next to its controls. */
export const pipelineFields = (d: PipelineDraft) => [
  "previewTargetBranch",
  ...d.branchDeployments.flatMap((_, i) => [
    `branchDeployments.${i}.branch`,
    `branchDeployments.${i}.stage`,
    `branchDeployments.${i}.profileId`,
  ]),
];

/** Branch → stage rules and preview settings: the same controls for the app's pipeline and a service's own. */
export function PipelineFields({
  value,
  onChange,
  profiles,
  canEdit,
  error,
  idPrefix,
}: {
  value: PipelineDraft;
  onChange: (d: PipelineDraft) => void;
  profiles: Array<{ id: string; name: string }>;
  canEdit: boolean;
  error: unknown;
  idPrefix: string;
}) {
  const rules = value.branchDeployments;
  const setRule = (i: number, patch: Partial<PipelineDraft["branchDeployments"][number]>) =>
    onChange({ ...value, branchDeployments: rules.map((b, j) => (j === i ? { ...b, ...patch } : b)) });
  return (
    <div className="grid gap-5 lg:grid-cols-2">
      <fieldset className="flex flex-col gap-2 lg:col-span-2">
        <legend className="mb-1 text-sm font-medium">
          Branch deployments <span className="font-normal text-fg-muted">— tested, then deployed on every push</span>
        </legend>
        {rules.length === 0 && <p className="text-sm text-fg-muted">No branch deploys anywhere.</p>}
        {rules.map((b, i) => (
          <div key={i} className="flex flex-wrap items-start gap-2" data-testid={`${idPrefix}-rule`}>
            <Field label="Branch" error={errorFor(error, `branchDeployments.${i}.branch`)}>
              <Input
                value={b.branch}
                onChange={(e) => setRule(i, { branch: e.target.value })}
                disabled={!canEdit}
                data-testid={`${idPrefix}-rule-branch`}
              />
            </Field>
            <span className="mt-7 text-fg-muted" aria-hidden="true">
              →
            </span>
            <Field label="Stage" error={errorFor(error, `branchDeployments.${i}.stage`)}>
              <Input
                value={b.stage}
                onChange={(e) => setRule(i, { stage: e.target.value })}
                disabled={!canEdit}
                data-testid={`${idPrefix}-rule-stage`}
              />
            </Field>
            <Field label="Profile" error={errorFor(error, `branchDeployments.${i}.profileId`)}>
              <Select
                value={b.profileId}
                onChange={(e) => setRule(i, { profileId: e.target.value })}
                disabled={!canEdit}
                data-testid={`${idPrefix}-rule-profile`}
              >
                <option value="">Stage’s profile</option>
                {profiles.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </Select>
            </Field>
            {canEdit && (
              <Button
                className="mt-6"
                size="icon"
                variant="ghost"
                aria-label={`Remove the rule ${b.branch || "(new)"} → ${b.stage || "…"}`}
                onClick={() => onChange({ ...value, branchDeployments: rules.filter((_, j) => j !== i) })}
              >
                <Trash2 />
              </Button>
            )}
          </div>
        ))}
        {canEdit && (
          <div>
            <Button
              size="sm"
              variant="ghost"
              onClick={() => onChange({ ...value, branchDeployments: [...rules, { branch: "", stage: "", profileId: "" }] })}
              data-testid={`${idPrefix}-rule-add`}
            >
              <Plus />
              Add branch deployment
            </Button>
          </div>
        )}
      </fieldset>
      <fieldset className="flex flex-col gap-4 lg:col-span-2">
        <legend className="mb-1 text-sm font-medium">Previews</legend>
        <Checkbox
          label="Preview deployments"
          description="Test and deploy pull requests and other branches to a stage named after the branch."
          checked={value.previewEnabled}
          disabled={!canEdit}
          onChange={(e) => onChange({ ...value, previewEnabled: e.target.checked })}
          data-testid={`${idPrefix}-preview-enabled`}
        />
        <Field label="Pull requests into" className="max-w-xs" error={errorFor(error, "previewTargetBranch")}>
          <Input
            value={value.previewTargetBranch}
            onChange={(e) => onChange({ ...value, previewTargetBranch: e.target.value })}
            disabled={!canEdit}
            data-testid={`${idPrefix}-preview-target`}
          />
        </Field>
        <Checkbox
          label="Destroy the preview when the branch is deleted"
          checked={value.previewDestroy}
          disabled={!canEdit}
          onChange={(e) => onChange({ ...value, previewDestroy: e.target.checked })}
          data-testid={`${idPrefix}-preview-destroy`}
        />
      </fieldset>
    </div>
  );
}
