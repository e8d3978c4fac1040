"use client";

import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { FormError } from "@/components/ui/form-error";
import { Skeleton } from "@/components/ui/skeleton";
import { NewServicesNotice } from "@/components/apps/new-services-notice";
import { ClearCacheButton } from "@/components/apps/clear-cache-button";
import { PipelineFields, fromDraft, pipelineFields, toDraft, type PipelineDraft } from "./pipeline-fields";
import { ServiceSettingsCard } from "./service-settings";
import { useAppSettings } from "./use-app-settings";
import { useUnsavedChanges } from "./unsaved-changes";
import { errorFor, formError, useCan } from "./use-me";

/** Pipeline: one app-level place for previews and branch → stage rules, then each service (folder, triggers, its own pipeline if it overrides). */
export function PipelineSettings({ slug }: { slug: string }) {
  const can = useCan();
  const settings = useAppSettings(slug);
  if (!settings.data) return <Skeleton className="h-64 w-full" />;
  const s = settings.data;
  const canEdit = can("services.write");
  return (
    <>
      {s.pipeline.pipeline && <AppPipelineCard key={JSON.stringify(s.pipeline)} slug={slug} settings={s} canEdit={canEdit} />}
      <section className="space-y-3" aria-labelledby="services-heading">
        <h2 id="services-heading" className="text-sm font-semibold uppercase tracking-wide text-fg-muted">
          Services
        </h2>
        {canEdit && <NewServicesNotice slug={slug} />}
        {s.services.map((svc) => (
          <div key={`${svc.id}:${JSON.stringify(svc)}`} className="space-y-1">
            <ServiceSettingsCard
              slug={slug}
              service={svc}
              profiles={s.profiles}
              canEdit={canEdit}
              followsApp={s.pipeline.following.includes(svc.id)}
            />
            <ClearCacheButton slug={slug} service={svc} />
          </div>
        ))}
      </section>
    </>
  );
}

type Settings = NonNullable<ReturnType<typeof useAppSettings>["data"]>;

function AppPipelineCard({ slug, settings, canEdit }: { slug: string; settings: Settings; canEdit: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const initial = toDraft(settings.pipeline.pipeline!);
  const [draft, setDraft] = useState<PipelineDraft>(initial);
  const [applies, setApplies] = useState<string[]>(settings.pipeline.following);
  const dirty =
    JSON.stringify(draft) !== JSON.stringify(initial) || [...applies].sort().join() !== [...settings.pipeline.following].sort().join();
  useUnsavedChanges(dirty, "the app's pipeline");
  const save = useMutation(
    trpc.services.savePipeline.mutationOptions({
      onSuccess: (r) => {
        toast.success(`Pipeline saved for ${r.services.join(", ")}`);
        void qc.invalidateQueries();
      },
    }),
  );
  const overrides = settings.services.filter((s) => !applies.includes(s.id));
  return (
    <Card data-testid="app-pipeline">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({ appSlug: slug, pipeline: fromDraft(draft), serviceIds: applies });
        }}
      >
        <CardHeader>
          <div>
            <CardTitle>Pipeline</CardTitle>
            <CardDescription>
              Which branch deploys to which stage, and previews — for every service that follows the app’s pipeline. A service can keep its
              own below.
            </CardDescription>
          </div>
        </CardHeader>
        <CardContent className="space-y-6">
          <PipelineFields
            value={draft}
            onChange={setDraft}
            profiles={settings.profiles}
            canEdit={canEdit}
            error={save.error}
            idPrefix="app-pipeline"
          />
          <fieldset className="space-y-2">
            <legend className="mb-1 text-sm font-medium">Applies to</legend>
            <div className="flex flex-wrap gap-x-6 gap-y-2">
              {settings.services.map((s) => (
                <Checkbox
                  key={s.id}
                  label={s.name}
                  description={settings.pipeline.following.includes(s.id) ? "follows the app" : "has its own pipeline now"}
                  checked={applies.includes(s.id)}
                  disabled={!canEdit}
                  onChange={(e) => setApplies(e.target.checked ? [...applies, s.id] : applies.filter((x) => x !== s.id))}
                  data-testid={`app-pipeline-applies-${s.name}`}
                />
              ))}
            </div>
            {overrides.length > 0 && (
              <p className="text-xs text-fg-muted">
                Not ticked: {overrides.map((s) => s.name).join(", ")} keep{overrides.length === 1 ? "s" : ""} its own pipeline.
              </p>
            )}
            {errorFor(save.error, "serviceIds") && <FormError message={errorFor(save.error, "serviceIds")} />}
          </fieldset>
          <FormError message={formError(save.error, [...pipelineFields(draft), "serviceIds"])} />
        </CardContent>
        {canEdit && (
          <CardFooter className="flex items-center gap-3">
            {dirty && (
              <Button
                type="button"
                variant="ghost"
                onClick={() => {
                  setDraft(initial);
                  setApplies(settings.pipeline.following);
                  save.reset();
                }}
              >
                Discard
              </Button>
            )}
            <Button type="submit" variant="primary" loading={save.isPending} disabled={!dirty} data-testid="app-pipeline-save">
              Save pipeline
            </Button>
          </CardFooter>
        )}
      </form>
    </Card>
  );
}
