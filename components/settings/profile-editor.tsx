"use client";

import { useEffect, useState } from "react";
import { useRouter } from "next/navigation";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { useTRPC } from "@/components/trpc/client";
import { PageError } from "@/components/ui/page-error";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { CodeBlock } from "@/components/ui/code";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { Select } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { ParameterTable } from "./parameter-table";
import { SafeguardsEditor } from "./safeguards-editor";
import { AccessRoleTemplate, TestAccessButton } from "./access-role-setup";
import { errorFor, formError, useCan } from "./use-me";
import { UnsavedChangesProvider, useUnsavedChanges } from "./unsaved-changes";

export function ProfileEditor({ id }: { id: string }) {
  const trpc = useTRPC();
  const can = useCan();
  const profile = useQuery(trpc.profiles.get.queryOptions({ id }));
  if (profile.isPending) return <Skeleton className="h-64 w-full" />;
  if (profile.error) return <PageError error={profile.error} onRetry={() => profile.refetch()} data-testid="profile-error" />;
  const p = profile.data;
  const canEdit = can("profiles.write");
  return (
    // Edits nobody saved (general, access, safeguards, a parameter being edited) are asked about before they are lost.
    <UnsavedChangesProvider>
      <div className="space-y-6">
        <PageHeader
          breadcrumbs={[{ label: "Profiles", href: "/settings/profiles" }, { label: p.name }]}
          title={p.name}
          description={p.description || undefined}
        />
        <GeneralCard profile={p} canEdit={canEdit} />
        <AccessCard profile={p} canEdit={canEdit} />
        <Card>
          <CardHeader>
            <div>
              <CardTitle>Parameters</CardTitle>
              <CardDescription>
                What <code>{"${param:key}"}</code> resolves to on stages using this profile; apps may override them.
              </CardDescription>
            </div>
          </CardHeader>
          <CardContent>
            <ParameterTable
              owner={{ kind: "profile", profileId: p.id }}
              params={p.parameters}
              canEdit={can("parameters.write")}
              testId="profile-params"
            />
          </CardContent>
        </Card>
        <SafeguardsEditor profileId={p.id} initial={p.safeguards} canEdit={canEdit} />
        {canEdit && <DeleteCard id={p.id} name={p.name} usedBy={p.usedBy} />}
      </div>
    </UnsavedChangesProvider>
  );
}

type Profile = {
  id: string;
  name: string;
  description: string;
  region: string;
  access: {
    mode: "role" | "keys" | "none";
    roleArn: string | null;
    externalId: string | null;
    trustPolicy: string | null;
    principalConfigured: boolean;
    principalArn: string | null;
    cloudFormation: string | null;
    accessKeyId: string | null;
    secretKeySet: boolean;
  };
  usedBy: string[];
};

function GeneralCard({ profile, canEdit }: { profile: Profile; canEdit: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [name, setName] = useState(profile.name);
  const [region, setRegion] = useState(profile.region);
  const [description, setDescription] = useState(profile.description);
  useUnsavedChanges(name !== profile.name || region !== profile.region || description !== profile.description, "General");
  const save = useMutation(
    trpc.profiles.update.mutationOptions({
      onSuccess: () => {
        toast.success("Profile saved");
        void qc.invalidateQueries();
      },
    }),
  );
  return (
    <Card>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({ id: profile.id, name, region, description });
        }}
      >
        <CardHeader>
          <CardTitle>General</CardTitle>
        </CardHeader>
        <CardContent className="grid gap-4 sm:grid-cols-3">
          <Field label="Name" error={errorFor(save.error, "name")}>
            <Input value={name} onChange={(e) => setName(e.target.value)} disabled={!canEdit} data-testid="profile-edit-name" />
          </Field>
          <Field label="Default region" error={errorFor(save.error, "region")}>
            <Input value={region} onChange={(e) => setRegion(e.target.value)} disabled={!canEdit} data-testid="profile-edit-region" />
          </Field>
          <Field label="Description">
            <Input
              value={description}
              onChange={(e) => setDescription(e.target.value)}
              disabled={!canEdit}
              data-testid="profile-edit-description"
            />
          </Field>
        </CardContent>
        {canEdit && (
          <CardFooter>
            <Button type="submit" variant="primary" loading={save.isPending} data-testid="profile-save">
              Save
            </Button>
          </CardFooter>
        )}
      </form>
    </Card>
  );
}

function AccessCard({ profile, canEdit }: { profile: Profile; canEdit: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const a = profile.access;
  const [mode, setMode] = useState<"role" | "keys" | "none">(a.mode === "none" ? "role" : a.mode);
  const [roleArn, setRoleArn] = useState(a.roleArn ?? "");
  const [accessKeyId, setAccessKeyId] = useState(a.accessKeyId ?? "");
  const [secretAccessKey, setSecretAccessKey] = useState("");
  useEffect(() => setSecretAccessKey(""), [a.secretKeySet]);
  useUnsavedChanges(
    // A profile without access opens on "role" (the recommended choice): that alone is no edit.
    (mode !== a.mode && !(a.mode === "none" && mode === "role")) ||
      roleArn !== (a.roleArn ?? "") ||
      accessKeyId !== (a.accessKeyId ?? "") ||
      secretAccessKey !== "",
    "Cloud access",
  );
  const save = useMutation(
    trpc.profiles.setAccess.mutationOptions({
      onSuccess: () => {
        toast.success("Cloud access saved");
        setSecretAccessKey("");
        void qc.invalidateQueries();
      },
    }),
  );
  const regen = useMutation(trpc.profiles.regenerateExternalId.mutationOptions({ onSuccess: () => qc.invalidateQueries() }));
  const submit = () =>
    save.mutate({
      id: profile.id,
      access:
        mode === "role"
          ? { mode, roleArn }
          : mode === "keys"
            ? { mode, accessKeyId, secretAccessKey: secretAccessKey || undefined }
            : { mode },
    });
  return (
    <Card data-testid="access-card">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <CardHeader>
          <div>
            <CardTitle>Cloud access</CardTitle>
            <CardDescription>
              How Slipway deploys to this environment’s AWS account. An access role is recommended: no long-lived keys leave AWS.
            </CardDescription>
          </div>
        </CardHeader>
        <CardContent className="flex flex-col gap-4">
          <Field label="Access" className="max-w-xs">
            <Select value={mode} onChange={(e) => setMode(e.target.value as typeof mode)} disabled={!canEdit} data-testid="access-mode">
              <option value="role">AWS access role</option>
              <option value="keys">Static access keys</option>
              <option value="none">None</option>
            </Select>
          </Field>
          {mode === "role" && (
            <>
              <Field
                label="Role ARN"
                error={errorFor(save.error, "roleArn")}
                hint="Create the role in AWS with the trust policy below, then paste its ARN."
              >
                <Input
                  value={roleArn}
                  onChange={(e) => setRoleArn(e.target.value)}
                  placeholder="arn:aws:iam::123456789012:role/slipway-deployer"
                  disabled={!canEdit}
                  data-testid="access-role-arn"
                  spellCheck={false}
                />
              </Field>
              {a.externalId && a.trustPolicy ? (
                <div className="space-y-2">
                  <p className="text-sm text-fg-muted">
                    External ID:{" "}
                    <code data-testid="access-external-id" className="font-mono">
                      {a.externalId}
                    </code>
                  </p>
                  <CodeBlock title="Trust policy (paste into the role in AWS)">{a.trustPolicy}</CodeBlock>
                  <AccessRoleTemplate profile={profile} />
                </div>
              ) : null}
              {canEdit && (
                <div>
                  <Button
                    size="sm"
                    variant="ghost"
                    loading={regen.isPending}
                    onClick={() => regen.mutate({ id: profile.id })}
                    data-testid="access-regenerate"
                  >
                    {a.externalId ? "Regenerate external ID" : "Generate external ID"}
                  </Button>
                </div>
              )}
            </>
          )}
          {mode === "keys" && (
            <div className="grid gap-4 sm:grid-cols-2">
              <Field label="Access key ID" error={errorFor(save.error, "accessKeyId")}>
                <Input
                  value={accessKeyId}
                  onChange={(e) => setAccessKeyId(e.target.value)}
                  disabled={!canEdit}
                  data-testid="access-key-id"
                  spellCheck={false}
                />
              </Field>
              <Field
                label="Secret access key"
                error={errorFor(save.error, "secretAccessKey")}
                hint={a.secretKeySet ? "Set. Never shown again; type a new one to replace it." : "Stored encrypted."}
              >
                <Input
                  type="password"
                  value={secretAccessKey}
                  onChange={(e) => setSecretAccessKey(e.target.value)}
                  placeholder={a.secretKeySet ? "•••••••• (set)" : ""}
                  disabled={!canEdit}
                  autoComplete="off"
                  data-testid="access-secret-key"
                />
              </Field>
            </div>
          )}
          {formError(save.error, ["roleArn", "accessKeyId", "secretAccessKey"]) && (
            <p role="alert" className="text-sm text-danger-700">
              {formError(save.error, ["roleArn", "accessKeyId", "secretAccessKey"])}
            </p>
          )}
        </CardContent>
        {canEdit && (
          <div className="border-t border-border px-4 py-4">
            {/* The test uses the saved access: with another mode chosen and not saved, it would test something else. */}
            <TestAccessButton profileId={profile.id} disabled={a.mode === "none" || a.mode !== mode} />
          </div>
        )}
        {canEdit && (
          <CardFooter>
            <Button type="submit" variant="primary" loading={save.isPending} data-testid="access-save">
              Save access
            </Button>
          </CardFooter>
        )}
      </form>
    </Card>
  );
}

function DeleteCard({ id, name, usedBy }: { id: string; name: string; usedBy: string[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const del = useMutation(trpc.profiles.delete.mutationOptions());
  return (
    <Card className="border-danger-200">
      <CardHeader>
        <div>
          <CardTitle>Delete profile</CardTitle>
          <CardDescription>
            {usedBy.length ? `In use: ${usedBy.join("; ")}. Change those first.` : "Deletes its parameters and safeguards too."}
          </CardDescription>
        </div>
        <ConfirmDialog
          trigger={
            <Button variant="danger" size="sm" data-testid="profile-delete">
              Delete
            </Button>
          }
          title={`Delete ${name}?`}
          confirmText={name}
          confirmLabel="Delete profile"
          danger
          onConfirm={async () => {
            await del.mutateAsync({ id });
            toast.success(`Deleted ${name}`);
            router.push("/settings/profiles");
          }}
        />
      </CardHeader>
    </Card>
  );
}
