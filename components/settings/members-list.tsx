"use client";

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { UserPlus } from "lucide-react";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog, DialogBody, DialogContent, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { Select } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { errorFor, formError } from "./use-me";

type Role = "ADMIN" | "DEVELOPER" | "REVIEWER" | "PRODUCT_OWNER";
const ROLES: Array<{ value: Role; label: string }> = [
  { value: "ADMIN", label: "Admin" },
  { value: "DEVELOPER", label: "Developer" },
  { value: "REVIEWER", label: "Reviewer" },
  { value: "PRODUCT_OWNER", label: "Product owner" },
];

export function MembersList() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const members = useQuery(trpc.members.list.queryOptions());
  const setRole = useMutation(trpc.members.setRole.mutationOptions({ onSuccess: () => { toast.success("Role changed"); void qc.invalidateQueries(); }, onError: (e) => toast.error(e.message) }));
  const remove = useMutation(trpc.members.remove.mutationOptions({ onSuccess: () => qc.invalidateQueries() }));
  return (
    <div className="space-y-6">
      <PageHeader title="Members" description="Who can do what: admins manage settings; developers deploy; product owners promote and roll back; reviewers look." actions={<AddMemberButton />} />
      {members.isPending ? <Skeleton className="h-40 w-full" /> : members.error ? <p role="alert" className="text-sm text-danger-700" data-testid="members-error">{members.error.message}</p> : (
        <Table data-testid="members-table">
          <THead><Tr><Th>Name</Th><Th>Email</Th><Th>Role</Th><Th className="w-24"><span className="sr-only">Actions</span></Th></Tr></THead>
          <TBody>
            {members.data.map((m) => (
              <Tr key={m.userId} data-testid={`member-${m.email}`}>
                <Td className="font-medium">{m.name}</Td>
                <Td className="text-fg-muted">{m.email}</Td>
                <Td>
                  <Select value={m.role} aria-label={`Role of ${m.email}`} onChange={(e) => setRole.mutate({ userId: m.userId, role: e.target.value as Role })} options={ROLES} data-testid="member-role" className="w-40" />
                </Td>
                <Td className="text-right">
                  <ConfirmDialog
                    trigger={<Button size="sm" variant="ghost" data-testid="member-remove">Remove</Button>}
                    title={`Remove ${m.name}?`}
                    description="They lose access to this organization at once."
                    confirmLabel="Remove"
                    danger
                    onConfirm={async () => { await remove.mutateAsync({ userId: m.userId }); toast.success(`Removed ${m.email}`); }}
                  />
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
    </div>
  );
}

function AddMemberButton() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState({ email: "", name: "", password: "", role: "DEVELOPER" as Role });
  const add = useMutation(trpc.members.add.mutationOptions({
    onSuccess: () => { toast.success(`Added ${form.email}`); setOpen(false); setForm({ email: "", name: "", password: "", role: "DEVELOPER" }); void qc.invalidateQueries(); },
  }));
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild><Button variant="primary" data-testid="member-add-open"><UserPlus />Add member</Button></DialogTrigger>
      <DialogContent>
        <form onSubmit={(e) => { e.preventDefault(); add.mutate(form); }}>
          <DialogHeader><DialogTitle>Add a member</DialogTitle></DialogHeader>
          <DialogBody className="flex flex-col gap-4">
            <Field label="Email" required error={errorFor(add.error, "email")}><Input type="email" value={form.email} onChange={set("email")} data-testid="member-email" /></Field>
            <Field label="Name" required error={errorFor(add.error, "name")}><Input value={form.name} onChange={set("name")} data-testid="member-name" /></Field>
            <Field label="Initial password" required error={errorFor(add.error, "password")} hint="At least 10 characters; share it with them privately."><Input type="password" value={form.password} onChange={set("password")} autoComplete="new-password" data-testid="member-password" /></Field>
            <Field label="Role"><Select value={form.role} onChange={set("role")} options={ROLES} data-testid="member-new-role" /></Field>
            {formError(add.error, ["email", "name", "password"]) && <p role="alert" className="text-sm text-danger-700">{formError(add.error, ["email", "name", "password"])}</p>}
          </DialogBody>
          <DialogFooter>
            <Button variant="ghost" onClick={() => setOpen(false)}>Cancel</Button>
            <Button type="submit" variant="primary" loading={add.isPending} data-testid="member-add">Add</Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
