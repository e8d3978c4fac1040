"use client";

import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { Plus, Trash2 } from "lucide-react";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
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

/** A service's folder, trigger paths and CI/CD settings (preview and branch deployments). */
export function ServiceSettingsCard({ slug, service, profiles, canEdit }: { slug: string; service: Service; profiles: Array<{ id: string; name: string }>; canEdit: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [path, setPath] = useState(service.path);
  const [triggers, setTriggers] = useState(service.triggerPaths.join("\n"));
  const [previewEnabled, setPreviewEnabled] = useState(service.previewEnabled);
  const [previewTargetBranch, setTarget] = useState(service.previewTargetBranch);
  const [previewDestroy, setDestroy] = useState(service.previewDestroy);
  const [branches, setBranches] = useState(service.branchDeployments.map((d) => ({ ...d, profileId: d.profileId ?? "" })));
  const save = useMutation(trpc.services.update.mutationOptions({ onSuccess: () => { toast.success(`Saved ${service.name}`); void qc.invalidateQueries(); } }));
  const fields = ["path", "previewTargetBranch", ...branches.flatMap((_, i) => [`branchDeployments.${i}.branch`, `branchDeployments.${i}.stage`, `branchDeployments.${i}.profileId`]), ...triggers.split("\n").map((_, i) => `triggerPaths.${i}`)];
  const setBranch = (i: number, patch: Partial<(typeof branches)[number]>) => setBranches(branches.map((b, j) => (j === i ? { ...b, ...patch } : b)));
  return (
    <Card data-testid={`service-${service.name}`}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({
            appSlug: slug,
            serviceId: service.id,
            path,
            triggerPaths: triggers.split("\n").map((t) => t.trim()).filter(Boolean),
            previewEnabled,
            previewTargetBranch,
            previewDestroy,
            branchDeployments: branches.map((b) => ({ branch: b.branch, stage: b.stage, profileId: b.profileId || null })),
          });
        }}
      >
        <CardHeader><CardTitle>{service.name}</CardTitle></CardHeader>
        <CardContent className="grid gap-5 lg:grid-cols-2">
          <div className="flex flex-col gap-4">
            <Field label="Folder" error={errorFor(save.error, "path")}><Input value={path} onChange={(e) => setPath(e.target.value)} disabled={!canEdit} data-testid="service-path" /></Field>
            <Field label="Trigger paths" hint="One glob per line; changes there also build this service." error={fields.filter((f) => f.startsWith("triggerPaths")).map((f) => errorFor(save.error, f)).find(Boolean)}>
              <textarea className="min-h-16 w-full rounded-md border border-border-strong bg-surface px-2.5 py-1.5 font-mono text-[13px]" rows={2} value={triggers} onChange={(e) => setTriggers(e.target.value)} disabled={!canEdit} data-testid="service-triggers" />
            </Field>
          </div>
          <div className="flex flex-col gap-4">
            <Checkbox label="Preview deployments" description="Test and deploy pull requests and other branches to a stage named after the branch." checked={previewEnabled} disabled={!canEdit} onChange={(e) => setPreviewEnabled(e.target.checked)} data-testid="service-preview-enabled" />
            <Field label="Pull requests into" error={errorFor(save.error, "previewTargetBranch")}><Input value={previewTargetBranch} onChange={(e) => setTarget(e.target.value)} disabled={!canEdit} /></Field>
            <Checkbox label="Destroy the preview when the branch is deleted" checked={previewDestroy} disabled={!canEdit} onChange={(e) => setDestroy(e.target.checked)} />
          </div>
          <div className="flex flex-col gap-2 lg:col-span-2">
            <p className="text-sm font-medium">Branch deployments</p>
            {branches.map((b, i) => (
              <div key={i} className="flex flex-wrap items-start gap-2" data-testid="branch-deployment">
                <Field label="Branch" error={errorFor(save.error, `branchDeployments.${i}.branch`)}><Input value={b.branch} onChange={(e) => setBranch(i, { branch: e.target.value })} disabled={!canEdit} /></Field>
                <Field label="Stage" error={errorFor(save.error, `branchDeployments.${i}.stage`)}><Input value={b.stage} onChange={(e) => setBranch(i, { stage: e.target.value })} disabled={!canEdit} /></Field>
                <Field label="Profile" error={errorFor(save.error, `branchDeployments.${i}.profileId`)}>
                  <Select value={b.profileId} onChange={(e) => setBranch(i, { profileId: e.target.value })} disabled={!canEdit}>
                    <option value="">Stage’s profile</option>
                    {profiles.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
                  </Select>
                </Field>
                {canEdit && <Button className="mt-6" size="icon" variant="ghost" aria-label="Remove branch deployment" onClick={() => setBranches(branches.filter((_, j) => j !== i))}><Trash2 /></Button>}
              </div>
            ))}
            {canEdit && <div><Button size="sm" variant="ghost" onClick={() => setBranches([...branches, { branch: "", stage: "", profileId: "" }])}><Plus />Add branch deployment</Button></div>}
          </div>
          {formError(save.error, fields) && <p role="alert" className="text-sm text-danger-700 lg:col-span-2">{formError(save.error, fields)}</p>}
        </CardContent>
        {canEdit && <CardFooter><Button type="submit" variant="primary" loading={save.isPending} data-testid="service-save">Save {service.name}</Button></CardFooter>}
      </form>
    </Card>
  );
}
