"use client";

import { useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Plus, ShieldCheck } from "lucide-react";
import { useTRPC } from "@/components/trpc/client";
import { PageError } from "@/components/ui/page-error";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogBody,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { errorFor, formError, useCan } from "./use-me";

const ACCESS_LABEL = { role: "AWS access role", keys: "Static keys", none: "Not set" } as const;

export function ProfilesList() {
  const trpc = useTRPC();
  const can = useCan();
  const profiles = useQuery(trpc.profiles.list.queryOptions());
  return (
    <div className="space-y-6">
      <PageHeader
        title="Deployment profiles"
        description="Cloud access, parameters and safeguards of an environment. Apps map their stages to a profile."
        actions={can("profiles.write") ? <NewProfileButton /> : null}
      />
      {profiles.isPending ? (
        <Skeleton className="h-40 w-full" />
      ) : profiles.error ? (
        <PageError inline error={profiles.error} onRetry={() => profiles.refetch()} data-testid="profiles-error" />
      ) : profiles.data.length === 0 ? (
        <EmptyState
          icon={ShieldCheck}
          title="No profiles yet"
          description="Create profile-dev, profile-staging and profile-prod to start."
        />
      ) : (
        <Table data-testid="profiles-table">
          <THead>
            <Tr>
              <Th>Name</Th>
              <Th>Region</Th>
              <Th>Cloud access</Th>
              <Th>Parameters</Th>
              <Th>Safeguards</Th>
              <Th>Used by</Th>
            </Tr>
          </THead>
          <TBody>
            {profiles.data.map((p) => (
              <Tr key={p.id} interactive data-testid={`profile-row-${p.name}`}>
                <Td>
                  <Link href={`/settings/profiles/${p.id}`} className="focus-ring rounded font-medium hover:underline">
                    {p.name}
                  </Link>
                  {p.description && <p className="text-xs text-fg-subtle">{p.description}</p>}
                </Td>
                <Td className="font-mono text-[13px]">{p.region}</Td>
                <Td>
                  <Badge tone={p.access === "none" ? "warning" : "neutral"}>{ACCESS_LABEL[p.access]}</Badge>
                </Td>
                <Td>{p.parameters}</Td>
                <Td>{p.safeguards}</Td>
                <Td>{p.usedBy}</Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
    </div>
  );
}

function NewProfileButton() {
  const trpc = useTRPC();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [region, setRegion] = useState("us-east-1");
  const [description, setDescription] = useState("");
  const create = useMutation(trpc.profiles.create.mutationOptions({ onSuccess: (p) => router.push(`/settings/profiles/${p.id}`) }));
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="primary" data-testid="profile-new">
          <Plus />
          New profile
        </Button>
      </DialogTrigger>
      <DialogContent>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate({ name, region, description });
          }}
        >
          <DialogHeader>
            <DialogTitle>New deployment profile</DialogTitle>
            <DialogDescription>Slipway generates an external ID for the AWS access role; set up access on the next page.</DialogDescription>
          </DialogHeader>
          <DialogBody className="flex flex-col gap-4">
            <Field label="Name" required error={errorFor(create.error, "name")} hint="e.g. profile-dev">
              <Input value={name} onChange={(e) => setName(e.target.value)} data-testid="profile-name" autoComplete="off" />
            </Field>
            <Field label="Default region" required error={errorFor(create.error, "region")}>
              <Input value={region} onChange={(e) => setRegion(e.target.value)} data-testid="profile-region" />
            </Field>
            <Field label="Description" optional>
              <Input value={description} onChange={(e) => setDescription(e.target.value)} />
            </Field>
            {formError(create.error, ["name", "region"]) && (
              <p role="alert" className="text-sm text-danger-700">
                {formError(create.error, ["name", "region"])}
              </p>
            )}
          </DialogBody>
          <DialogFooter>
            <Button variant="ghost" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" variant="primary" loading={create.isPending} data-testid="profile-create">
              Create
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
