"use client";

import { useState } from "react";
import { WebhookCard } from "./webhook-card";
import { NotificationsCard } from "./notifications/notifications-card";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { KeyRound, Trash2 } from "lucide-react";
import { useTRPC } from "@/components/trpc/client";
import { PageError } from "@/components/ui/page-error";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Code } from "@/components/ui/code";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { Select } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { ParameterTable } from "./parameter-table";
import { ServiceSettingsCard } from "./service-settings";
import { ClearCacheButton } from "@/components/apps/clear-cache-button";
import { ProtectionEditor } from "./protection-editor";
import { RepositoryCard } from "./repository-card";
import { DeleteAppCard, RemoveServiceButton } from "./app-danger-zone";
import { NewServicesNotice } from "@/components/apps/new-services-notice";
import { errorFor, formError, useCan } from "./use-me";

export function AppSettings({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const can = useCan();
  const settings = useQuery(trpc.stages.settings.queryOptions({ appSlug: slug }));
  const [stage, setStage] = useState("dev");
  if (settings.isPending) return <Skeleton className="h-64 w-full" />;
  if (settings.error) return <PageError error={settings.error} onRetry={() => settings.refetch()} data-testid="app-settings-error" />;
  const s = settings.data;
  const stageParams = s.stageParameters.filter((p) => p.stage === stage);
  const stagesWithParams = [...new Set(s.stageParameters.map((p) => p.stage!))];
  return (
    <div className="space-y-6">
      <PageHeader breadcrumbs={[{ label: "Apps", href: "/" }, { label: s.app.name, href: `/apps/${slug}` }, { label: "Settings" }]} title={`${s.app.name} settings`} />
      {can("repositories.write") && <RepositoryCard slug={slug} />}
      <StagesCard slug={slug} settings={s} canDefault={can("apps.write")} canMap={can("stages.write")} />
      {can("stages.write") && <ProtectionEditor slug={slug} />}
      <Card>
        <CardHeader><div><CardTitle>App parameters</CardTitle><CardDescription>Override a profile’s parameters for every stage of this app.</CardDescription></div></CardHeader>
        <CardContent><ParameterTable owner={{ kind: "app", appSlug: slug }} params={s.appParameters} canEdit={can("parameters.write")} testId="app-params" /></CardContent>
      </Card>
      <Card>
        <CardHeader>
          <div>
            <CardTitle>Stage parameters</CardTitle>
            <CardDescription>Override parameters for one stage of this app (they win over app and profile values).{stagesWithParams.length ? ` Stages with overrides: ${stagesWithParams.join(", ")}.` : ""}</CardDescription>
          </div>
        </CardHeader>
        <CardContent className="space-y-4">
          <Field label="Stage" className="max-w-xs"><Input value={stage} onChange={(e) => setStage(e.target.value.trim())} data-testid="stage-params-stage" /></Field>
          {stage && <ParameterTable key={stage} owner={{ kind: "app-stage", appSlug: slug, stage }} params={stageParams} canEdit={can("parameters.write")} testId="stage-params" />}
        </CardContent>
      </Card>
      <StageViewCard slug={slug} />
      {can("apps.write") && <WebhookCard slug={slug} />}
      {can("notifications.read") && <NotificationsCard slug={slug} />}
      <section className="space-y-3">
        <h2 className="text-sm font-semibold uppercase tracking-wide text-fg-muted">Services</h2>
        {can("services.write") && <NewServicesNotice slug={slug} />}
        {s.services.map((svc) => (
          <div key={svc.id} className="space-y-1">
            <ServiceSettingsCard slug={slug} service={svc} profiles={s.profiles} canEdit={can("services.write")} />
            {can("services.write") && <div className="flex justify-end"><RemoveServiceButton slug={slug} service={svc} /></div>}
            <ClearCacheButton slug={slug} service={svc} />
          </div>
        ))}
      </section>
      {can("apps.delete") && <DeleteAppCard slug={slug} />}
    </div>
  );
}

type Settings = { app: { defaultProfileId: string | null }; profiles: Array<{ id: string; name: string }>; mappings: Array<{ stage: string; profile: { id: string; name: string } }> };

function StagesCard({ slug, settings, canDefault, canMap }: { slug: string; settings: Settings; canDefault: boolean; canMap: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const done = (msg: string) => () => { toast.success(msg); void qc.invalidateQueries(); };
  const setDefault = useMutation(trpc.stages.setDefaultProfile.mutationOptions({ onSuccess: done("Default profile saved") }));
  const setMapping = useMutation(trpc.stages.setMapping.mutationOptions({ onSuccess: done("Stage mapping saved") }));
  const remove = useMutation(trpc.stages.removeMapping.mutationOptions({ onSuccess: done("Stage mapping removed") }));
  const [stage, setStage] = useState("");
  const [profileId, setProfileId] = useState("");
  const options = settings.profiles.map((p) => ({ value: p.id, label: p.name }));
  return (
    <Card data-testid="stages-card">
      <CardHeader><div><CardTitle>Stages and profiles</CardTitle><CardDescription>Each stage deploys with the profile it maps to; any other stage (a developer’s, a preview) uses the default profile.</CardDescription></div></CardHeader>
      <CardContent className="space-y-5">
        <Field label="Default profile" className="max-w-xs" error={errorFor(setDefault.error, "profileId") ?? formError(setDefault.error, ["profileId"])}>
          <Select value={settings.app.defaultProfileId ?? ""} disabled={!canDefault} onChange={(e) => setDefault.mutate({ appSlug: slug, profileId: e.target.value || null })} data-testid="default-profile">
            <option value="">None</option>
            {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
          </Select>
        </Field>
        <Table>
          <THead><Tr><Th>Stage</Th><Th>Profile</Th>{canMap && <Th className="w-16"><span className="sr-only">Actions</span></Th>}</Tr></THead>
          <TBody>
            {settings.mappings.map((m) => (
              <Tr key={m.stage} data-testid={`mapping-${m.stage}`}>
                <Td><Code>{m.stage}</Code></Td>
                <Td>
                  <Select value={m.profile.id} disabled={!canMap} aria-label={`Profile of stage ${m.stage}`} onChange={(e) => setMapping.mutate({ appSlug: slug, stage: m.stage, profileId: e.target.value })} data-testid={`mapping-profile-${m.stage}`}>
                    {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
                  </Select>
                </Td>
                {canMap && <Td><Button size="icon-sm" variant="ghost" aria-label={`Remove mapping of ${m.stage}`} onClick={() => remove.mutate({ appSlug: slug, stage: m.stage })} data-testid={`mapping-remove-${m.stage}`}><Trash2 /></Button></Td>}
              </Tr>
            ))}
          </TBody>
        </Table>
        {canMap && (
          <form className="flex flex-wrap items-start gap-3" onSubmit={(e) => { e.preventDefault(); setMapping.mutate({ appSlug: slug, stage, profileId }, { onSuccess: () => setStage("") }); }}>
            <Field label="Stage" error={errorFor(setMapping.error, "stage")}><Input value={stage} onChange={(e) => setStage(e.target.value)} placeholder="qa" data-testid="mapping-new-stage" /></Field>
            <Field label="Profile" error={errorFor(setMapping.error, "profileId")}>
              <Select value={profileId} placeholder="Choose…" onChange={(e) => setProfileId(e.target.value)} options={options} data-testid="mapping-new-profile" />
            </Field>
            <Button type="submit" className="mt-6" loading={setMapping.isPending} data-testid="mapping-add">Map stage</Button>
          </form>
        )}
      </CardContent>
    </Card>
  );
}

const SOURCE_LABEL = { profile: "profile", app: "app override", "app-stage": "stage override" } as const;

function StageViewCard({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const [input, setInput] = useState("");
  const [stage, setStage] = useState<string | null>(null);
  const view = useQuery({ ...trpc.stages.resolve.queryOptions({ appSlug: slug, stage: stage ?? "" }), enabled: stage !== null, retry: false });
  return (
    <Card data-testid="stage-view-card">
      <CardHeader><div><CardTitle>What will a stage see?</CardTitle><CardDescription>The parameters any stage resolves, and where each comes from. Secrets stay masked.</CardDescription></div></CardHeader>
      <CardContent className="space-y-4">
        <form className="flex items-start gap-3" onSubmit={(e) => { e.preventDefault(); setStage(input.trim()); }}>
          <Field label="Stage" error={errorFor(view.error, "stage")}><Input value={input} onChange={(e) => setInput(e.target.value)} placeholder="alice" data-testid="stage-view-input" /></Field>
          <Button type="submit" className="mt-6" data-testid="stage-view-submit">Show</Button>
        </form>
        {view.data && (
          <div className="space-y-3" data-testid="stage-view-result">
            <p className="text-sm text-fg-muted" data-testid="stage-view-profile">
              Stage <Code>{view.data.stage}</Code>{" "}
              {view.data.profile ? <>uses <strong>{view.data.profile.name}</strong> ({view.data.via === "mapping" ? "mapped" : "default profile"}, region {view.data.profile.region})</> : "has no profile: map it or set a default profile."}
            </p>
            <Table>
              <THead><Tr><Th>Key</Th><Th>Value</Th><Th>From</Th></Tr></THead>
              <TBody>
                {view.data.parameters.map((p) => (
                  <Tr key={p.key} data-testid={`stage-view-param-${p.key}`}>
                    <Td><Code>{p.key}</Code></Td>
                    <Td data-testid="stage-view-value">{p.secret ? <span className="inline-flex items-center gap-1.5 text-fg-muted"><KeyRound className="size-3.5" aria-hidden="true" />•••••••• <Badge>secret</Badge></span> : <span className="font-mono text-[13px]">{p.value}</span>}</Td>
                    <Td>
                      <Badge tone={p.source === "profile" ? "neutral" : "accent"}>{SOURCE_LABEL[p.source]}</Badge>
                      {p.overrides.length > 0 && <span className="ml-2 text-xs text-fg-subtle">overrides {p.overrides.map((o) => SOURCE_LABEL[o]).join(", ")}</span>}
                    </Td>
                  </Tr>
                ))}
              </TBody>
            </Table>
          </div>
        )}
        {view.error && !errorFor(view.error, "stage") && <p role="alert" className="text-sm text-danger-700">{view.error.message}</p>}
      </CardContent>
    </Card>
  );
}
