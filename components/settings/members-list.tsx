"use client";

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { useTRPC } from "@/components/trpc/client";
import { PageError } from "@/components/ui/page-error";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog, DialogBody, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { PageHeader } from "@/components/ui/page-header";
import { Select } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { InviteMemberButton } from "./invite-member";
import { OneTimeLink } from "./one-time-link";
import { PendingInvites } from "./pending-invites";
import { ROLE_OPTIONS, type Role } from "./roles";

export function MembersList() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const members = useQuery(trpc.members.list.queryOptions());
  const refresh = () => void qc.invalidateQueries({ queryKey: trpc.members.list.queryKey() });
  // A refused change (the last admin) snaps the select back: the list is re-read either way.
  const setRole = useMutation(
    trpc.members.setRole.mutationOptions({
      onSuccess: () => toast.success("Role changed"),
      onError: (e) => toast.error(e.message),
      onSettled: refresh,
    }),
  );
  const remove = useMutation(trpc.members.remove.mutationOptions({ onSuccess: refresh }));
  const reset = useMutation(trpc.members.resetPassword.mutationOptions({ onError: (e) => toast.error(e.message) }));
  const [resetOpen, setResetOpen] = useState(false);
  return (
    <div className="space-y-6">
      <PageHeader
        title="Members"
        description="Who can do what: admins manage settings; developers deploy; product owners promote and roll back; reviewers look."
        actions={<InviteMemberButton />}
      />
      {members.isPending ? (
        <Skeleton className="h-40 w-full" />
      ) : members.error ? (
        <PageError inline error={members.error} onRetry={() => members.refetch()} data-testid="members-error" />
      ) : (
        <>
          <Table data-testid="members-table">
            <THead>
              <Tr>
                <Th>Name</Th>
                <Th>Email</Th>
                <Th>Role</Th>
                <Th className="w-56">
                  <span className="sr-only">Actions</span>
                </Th>
              </Tr>
            </THead>
            <TBody>
              {members.data.map((m) => (
                <Tr key={m.userId} data-testid={`member-${m.email}`}>
                  <Td className="font-medium">{m.name}</Td>
                  <Td className="text-fg-muted">{m.email}</Td>
                  <Td>
                    <Select
                      value={m.role}
                      aria-label={`Role of ${m.email}`}
                      onChange={(e) => setRole.mutate({ userId: m.userId, role: e.target.value as Role })}
                      options={ROLE_OPTIONS}
                      data-testid="member-role"
                      className="w-40"
                    />
                  </Td>
                  <Td className="space-x-1 text-right whitespace-nowrap">
                    <ConfirmDialog
                      trigger={
                        <Button size="sm" variant="ghost" data-testid="member-reset">
                          Reset password
                        </Button>
                      }
                      title={`Reset ${m.name}'s password?`}
                      description="Slipway makes a one-time link (valid 24 hours) with which they choose a new password. Their current password works until then."
                      confirmLabel="Make the link"
                      onConfirm={async () => {
                        await reset.mutateAsync({ userId: m.userId });
                        setResetOpen(true);
                      }}
                    />
                    <ConfirmDialog
                      trigger={
                        <Button size="sm" variant="ghost" data-testid="member-remove">
                          Remove
                        </Button>
                      }
                      title={`Remove ${m.name}?`}
                      description="They lose access to this organization at once."
                      confirmLabel="Remove"
                      danger
                      onConfirm={async () => {
                        await remove.mutateAsync({ userId: m.userId });
                        toast.success(`Removed ${m.email}`);
                      }}
                    />
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
          <PendingInvites />
        </>
      )}
      <Dialog
        open={resetOpen && !!reset.data}
        onOpenChange={(o) => {
          setResetOpen(o);
          if (!o) reset.reset();
        }}
      >
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Send this link to {reset.data?.email}</DialogTitle>
            <DialogDescription>With it they set a new password; you never learn it.</DialogDescription>
          </DialogHeader>
          <DialogBody>{reset.data && <OneTimeLink url={reset.data.url} expiresAt={reset.data.expiresAt} testId="reset-link" />}</DialogBody>
          <DialogFooter>
            <Button
              variant="primary"
              onClick={() => {
                setResetOpen(false);
                reset.reset();
              }}
              data-testid="reset-done"
            >
              Done
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </div>
  );
}
