"use client";

import { useEffect, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/select";

export const GUIDE_STAGES = ["dev", "staging", "prod"] as const;
export interface StageChoice {
  mapping: Record<string, string>;
  defaultProfileId: string;
}

/**
 * Step 4: dev / staging / prod mapped to deployment profiles — existing ones whose `env` parameter
 * or name matches are proposed — or the guide's three profiles created in one click.
 */
export function StagesStep({ choice, setChoice }: { choice: StageChoice; setChoice: (c: StageChoice) => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const proposal = useQuery(trpc.repositories.stageProfiles.queryOptions());
  const create = useMutation(trpc.repositories.createGuideProfiles.mutationOptions({ onSuccess: () => qc.invalidateQueries() }));
  const [seeded, setSeeded] = useState<string | null>(null);
  useEffect(() => {
    const p = proposal.data;
    if (!p) return;
    const key = p.profiles.map((x) => x.id).join(",");
    if (seeded === key) return;
    setSeeded(key);
    const mapping: Record<string, string> = {};
    for (const s of GUIDE_STAGES) if (p.mapping[s]) mapping[s] = p.mapping[s]!;
    setChoice({ mapping, defaultProfileId: p.defaultProfileId ?? "" });
  }, [proposal.data, seeded, setChoice]);
  const p = proposal.data;
  const options = [
    { value: "", label: "— not mapped (uses the default) —" },
    ...(p?.profiles.map((x) => ({ value: x.id, label: x.env ? `${x.name} (env=${x.env})` : x.name })) ?? []),
  ];
  return (
    <Card data-testid="stages-step">
      <CardHeader>
        <div>
          <CardTitle>4. Stages and profiles</CardTitle>
          <CardDescription>
            Each stage deploys with its profile’s cloud access and parameters; any other stage (a preview, a developer’s) uses the default
            profile.
          </CardDescription>
        </div>
      </CardHeader>
      <CardContent className="space-y-4">
        {proposal.error && (
          <p role="alert" className="text-sm text-danger-700">
            {proposal.error.message}
          </p>
        )}
        {p && p.missing.length > 0 && (
          <div className="flex flex-wrap items-center gap-3 rounded-lg border border-border bg-subtle/60 p-3 text-sm">
            <span>No profile for {p.missing.join(", ")} yet.</span>
            <Button
              size="sm"
              variant="primary"
              loading={create.isPending}
              onClick={() => create.mutate()}
              data-testid="create-guide-profiles"
            >
              Create profile-dev, profile-staging and profile-prod
            </Button>
            {create.error && (
              <span role="alert" className="text-danger-700">
                {create.error.message}
              </span>
            )}
          </div>
        )}
        <div className="grid gap-4 sm:grid-cols-3">
          {GUIDE_STAGES.map((s) => (
            <Field key={s} label={`Stage ${s}`}>
              <Select
                value={choice.mapping[s] ?? ""}
                options={options}
                data-testid={`stage-profile-${s}`}
                onChange={(e) => {
                  const mapping = { ...choice.mapping };
                  if (e.target.value) mapping[s] = e.target.value;
                  else delete mapping[s];
                  setChoice({ ...choice, mapping });
                }}
              />
            </Field>
          ))}
        </div>
        <Field label="Default profile" className="max-w-xs" required>
          <Select
            value={choice.defaultProfileId}
            placeholder="Choose a profile"
            options={p?.profiles.map((x) => ({ value: x.id, label: x.name })) ?? []}
            data-testid="new-app-default-profile"
            onChange={(e) => setChoice({ ...choice, defaultProfileId: e.target.value })}
          />
        </Field>
      </CardContent>
    </Card>
  );
}
