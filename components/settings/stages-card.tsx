"use client";

import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { Trash2 } from "lucide-react";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Code } from "@/components/ui/code";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { FormError } from "@/components/ui/form-error";
import { StageParamWarning } from "./stage-param-check";
import { useUnsavedChanges } from "./unsaved-changes";
import { errorFor, formError } from "./use-me";

type Settings = {
  app: { defaultProfileId: string | null };
  profiles: Array<{ id: string; name: string }>;
  mappings: Array<{ stage: string; profile: { id: string; name: string } }>;
};

/**
 * The default profile and stage → profile mappings. Like every settings form, changes wait for
 * Save (with Discard); adding a stage is its own small form with its own button.
 */
export function StagesCard({
  slug,
  settings,
  canDefault,
  canMap,
}: {
  slug: string;
  settings: Settings;
  canDefault: boolean;
  canMap: boolean;
}) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const setDefault = useMutation(trpc.stages.setDefaultProfile.mutationOptions());
  const setMapping = useMutation(trpc.stages.setMapping.mutationOptions());
  const addMapping = useMutation(
    trpc.stages.setMapping.mutationOptions({
      onSuccess: () => {
        toast.success("Stage mapped");
        void qc.invalidateQueries();
      },
    }),
  );
  const remove = useMutation(
    trpc.stages.removeMapping.mutationOptions({
      onSuccess: () => {
        toast.success("Stage mapping removed");
        void qc.invalidateQueries();
      },
    }),
  );
  const saved = {
    defaultProfileId: settings.app.defaultProfileId ?? "",
    mappings: Object.fromEntries(settings.mappings.map((m) => [m.stage, m.profile.id])),
  };
  const [defaultProfileId, setDefaultProfileId] = useState(saved.defaultProfileId);
  const [mappings, setMappings] = useState<Record<string, string>>(saved.mappings);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);
  const changedMappings = settings.mappings.filter((m) => mappings[m.stage] && mappings[m.stage] !== m.profile.id);
  const dirty = defaultProfileId !== saved.defaultProfileId || changedMappings.length > 0;
  useUnsavedChanges(dirty, "Stages and profiles");
  const [stage, setStage] = useState("");
  const [profileId, setProfileId] = useState("");
  const options = settings.profiles.map((p) => ({ value: p.id, label: p.name }));
  const nameOf = (id: string) => settings.profiles.find((p) => p.id === id)?.name ?? "none";

  const save = async () => {
    setSaving(true);
    setSaveError(null);
    try {
      if (defaultProfileId !== saved.defaultProfileId) await setDefault.mutateAsync({ appSlug: slug, profileId: defaultProfileId || null });
      for (const m of changedMappings) await setMapping.mutateAsync({ appSlug: slug, stage: m.stage, profileId: mappings[m.stage] });
      toast.success("Stages and profiles saved");
      await qc.invalidateQueries();
    } catch (e) {
      setSaveError(e);
    } finally {
      setSaving(false);
    }
  };
  const discard = () => {
    setDefaultProfileId(saved.defaultProfileId);
    setMappings(saved.mappings);
    setSaveError(null);
  };

  return (
    <Card data-testid="stages-card">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <CardHeader>
          <div>
            <CardTitle>Stages and profiles</CardTitle>
            <CardDescription>
              Each stage deploys with the profile it maps to; any other stage (a developer’s, a preview) uses the default profile.
            </CardDescription>
          </div>
        </CardHeader>
        <CardContent className="space-y-5">
          <Field label="Default profile" className="max-w-xs" error={errorFor(saveError, "profileId")}>
            <Select
              value={defaultProfileId}
              disabled={!canDefault}
              onChange={(e) => setDefaultProfileId(e.target.value)}
              data-testid="default-profile"
            >
              <option value="">None</option>
              {options.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </Select>
          </Field>
          <Table>
            <THead>
              <Tr>
                <Th>Stage</Th>
                <Th>Profile</Th>
                {canMap && (
                  <Th className="w-16">
                    <span className="sr-only">Actions</span>
                  </Th>
                )}
              </Tr>
            </THead>
            <TBody>
              {settings.mappings.map((m) => (
                <Tr key={m.stage} data-testid={`mapping-${m.stage}`}>
                  <Td className="align-top">
                    <Code>{m.stage}</Code>
                  </Td>
                  <Td className="space-y-1">
                    <Select
                      value={mappings[m.stage] ?? m.profile.id}
                      disabled={!canMap}
                      aria-label={`Profile of stage ${m.stage}`}
                      onChange={(e) => setMappings({ ...mappings, [m.stage]: e.target.value })}
                      data-testid={`mapping-profile-${m.stage}`}
                    >
                      {options.map((o) => (
                        <option key={o.value} value={o.value}>
                          {o.label}
                        </option>
                      ))}
                    </Select>
                    {/* Checked against what is saved; keyed by the saved profile so a new mapping is checked afresh. */}
                    <StageParamWarning key={m.profile.id} slug={slug} stage={m.stage} compact />
                  </Td>
                  {canMap && (
                    <Td className="align-top">
                      <Button
                        size="icon-sm"
                        variant="ghost"
                        aria-label={`Remove mapping of ${m.stage}`}
                        onClick={() => remove.mutate({ appSlug: slug, stage: m.stage })}
                        data-testid={`mapping-remove-${m.stage}`}
                      >
                        <Trash2 />
                      </Button>
                    </Td>
                  )}
                </Tr>
              ))}
            </TBody>
          </Table>
          <FormError message={formError(saveError, ["profileId"])} />
        </CardContent>
        {(canDefault || canMap) && (
          <CardFooter className="flex flex-wrap items-center gap-3">
            {dirty && (
              <p className="mr-auto text-sm text-fg-muted" data-testid="stages-pending">
                Unsaved:{" "}
                {[
                  ...(defaultProfileId !== saved.defaultProfileId
                    ? [`default profile → ${defaultProfileId ? nameOf(defaultProfileId) : "none"}`]
                    : []),
                  ...changedMappings.map((m) => `${m.stage} → ${nameOf(mappings[m.stage])}`),
                ].join(", ")}
              </p>
            )}
            {dirty && (
              <Button type="button" variant="ghost" onClick={discard} data-testid="stages-discard">
                Discard
              </Button>
            )}
            <Button type="submit" variant="primary" loading={saving} disabled={!dirty} data-testid="stages-save">
              Save
            </Button>
          </CardFooter>
        )}
      </form>
      {canMap && (
        <CardContent className="border-t border-border pt-5">
          <form
            className="flex flex-wrap items-start gap-3"
            onSubmit={(e) => {
              e.preventDefault();
              addMapping.mutate({ appSlug: slug, stage, profileId }, { onSuccess: () => setStage("") });
            }}
          >
            <Field label="New stage" error={errorFor(addMapping.error, "stage")}>
              <Input value={stage} onChange={(e) => setStage(e.target.value)} placeholder="qa" data-testid="mapping-new-stage" />
            </Field>
            <Field label="Profile" error={errorFor(addMapping.error, "profileId")}>
              <Select
                value={profileId}
                placeholder="Choose…"
                onChange={(e) => setProfileId(e.target.value)}
                options={options}
                data-testid="mapping-new-profile"
              />
            </Field>
            <Button type="submit" className="mt-6" loading={addMapping.isPending} data-testid="mapping-add">
              Map stage
            </Button>
          </form>
          <FormError message={formError(addMapping.error, ["stage", "profileId"])} className="mt-2" />
        </CardContent>
      )}
    </Card>
  );
}
