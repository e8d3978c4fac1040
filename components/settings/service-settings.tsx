"use client";

import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { PipelineFields, fromDraft, pipelineFields, toDraft, type PipelineDraft } from "./pipeline-fields";
import { useUnsavedChanges } from "./unsaved-changes";
import { errorFor, formError } from "./use-me";

type Service = {
  id: string;
  name: string;
  path: string;
  triggerPaths: string[];
  previewEnabled: boolean;
  previewTargetBranch: string;
  previewDestroy: boolean;
  branchDeployments: Array<{ branch: string; stage: string; profileId?: string | null }>;
};

/**
 * A service's folder and trigger paths; its pipeline is the app's unless it overrides it, and then
 * its own rules are edited here. One Save per card, like every settings form.
 */
export function ServiceSettingsCard({
  slug,
  service,
  profiles,
  canEdit,
  followsApp,
}: {
  slug: string;
  service: Service;
  profiles: Array<{ id: string; name: string }>;
  canEdit: boolean;
  followsApp: boolean;
}) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const initialPipeline = toDraft(service);
  const [path, setPath] = useState(service.path);
  const [triggers, setTriggers] = useState(service.triggerPaths.join("\n"));
  const [override, setOverride] = useState(!followsApp);
  const [pipeline, setPipeline] = useState<PipelineDraft>(initialPipeline);
  const dirty =
    path !== service.path || triggers !== service.triggerPaths.join("\n") || JSON.stringify(pipeline) !== JSON.stringify(initialPipeline);
  useUnsavedChanges(dirty, service.name);
  const save = useMutation(
    trpc.services.update.mutationOptions({
      onSuccess: () => {
        toast.success(`Saved ${service.name}`);
        void qc.invalidateQueries();
      },
    }),
  );
  const triggerList = triggers
    .split("\n")
    .map((t) => t.trim())
    .filter(Boolean);
  const fields = ["path", ...pipelineFields(pipeline), ...triggers.split("\n").map((_, i) => `triggerPaths.${i}`)];
  const rules = service.branchDeployments.map((d) => `${d.branch} → ${d.stage}`).join(", ") || "no branch deployments";
  return (
    <Card data-testid={`service-${service.name}`}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({ appSlug: slug, serviceId: service.id, path, triggerPaths: triggerList, ...fromDraft(pipeline) });
        }}
      >
        <CardHeader>
          <div>
            <CardTitle>{service.name}</CardTitle>
            <CardDescription data-testid="service-pipeline-state">
              {followsApp ? `Follows the app's pipeline: ${rules}.` : `Own pipeline: ${rules}.`}
            </CardDescription>
          </div>
        </CardHeader>
        <CardContent className="space-y-5">
          <div className="grid gap-5 lg:grid-cols-2">
            <Field label="Folder" error={errorFor(save.error, "path")}>
              <Input value={path} onChange={(e) => setPath(e.target.value)} disabled={!canEdit} data-testid="service-path" />
            </Field>
            <Field
              label="Trigger paths"
              hint="One glob per line; changes there also build this service."
              error={fields
                .filter((f) => f.startsWith("triggerPaths"))
                .map((f) => errorFor(save.error, f))
                .find(Boolean)}
            >
              <Textarea
                className="min-h-16 font-mono text-[13px]"
                rows={2}
                value={triggers}
                onChange={(e) => setTriggers(e.target.value)}
                disabled={!canEdit}
                data-testid="service-triggers"
              />
            </Field>
          </div>
          {override ? (
            <PipelineFields
              value={pipeline}
              onChange={setPipeline}
              profiles={profiles}
              canEdit={canEdit}
              error={save.error}
              idPrefix={`service-${service.name}`}
            />
          ) : (
            canEdit && (
              <Button
                type="button"
                size="sm"
                variant="ghost"
                onClick={() => setOverride(true)}
                data-testid={`service-${service.name}-override`}
              >
                Give {service.name} its own pipeline
              </Button>
            )
          )}
          <FormError message={formError(save.error, fields)} />
        </CardContent>
        {canEdit && (
          <CardFooter className="flex flex-wrap items-center gap-3">
            {dirty && (
              <Button
                type="button"
                variant="ghost"
                onClick={() => {
                  setPath(service.path);
                  setTriggers(service.triggerPaths.join("\n"));
                  setPipeline(initialPipeline);
                  save.reset();
                }}
              >
                Discard
              </Button>
            )}
            <Button type="submit" variant="primary" loading={save.isPending} disabled={!dirty} data-testid="service-save">
              Save {service.name}
            </Button>
          </CardFooter>
        )}
      </form>
    </Card>
  );
}
