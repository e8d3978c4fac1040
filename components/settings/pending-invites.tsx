"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { useTRPC } from "@/components/trpc/client";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { ROLE_OPTIONS } from "./roles";

/** Invitations not accepted yet, with their expiry; revoking one makes its link stop working. */
export function PendingInvites() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const invites = useQuery(trpc.members.invites.queryOptions());
  const revoke = useMutation(
    trpc.members.revokeInvite.mutationOptions({
      onSuccess: () => {
        toast.success("Invitation revoked");
        void qc.invalidateQueries({ queryKey: trpc.members.invites.queryKey() });
      },
      onError: (e) => toast.error(e.message),
    }),
  );
  if (!invites.data?.length) return null;
  return (
    <section className="space-y-2">
      <h2 className="text-sm font-semibold text-fg">Invitations</h2>
      <Table data-testid="invites-table">
        <THead>
          <Tr>
            <Th>Email</Th>
            <Th>Role</Th>
            <Th>Expires</Th>
            <Th className="w-24">
              <span className="sr-only">Actions</span>
            </Th>
          </Tr>
        </THead>
        <TBody>
          {invites.data.map((i) => (
            <Tr key={i.id} data-testid={`invite-${i.email}`}>
              <Td className="font-medium">{i.email}</Td>
              <Td>{ROLE_OPTIONS.find((r) => r.value === i.role)?.label}</Td>
              <Td>{i.state === "expired" ? <Badge tone="warning">Expired</Badge> : <RelativeTime date={i.expiresAt} />}</Td>
              <Td className="text-right">
                <Button
                  size="sm"
                  variant="ghost"
                  loading={revoke.isPending && revoke.variables?.id === i.id}
                  onClick={() => revoke.mutate({ id: i.id })}
                  data-testid="invite-revoke"
                >
                  {i.state === "expired" ? "Dismiss" : "Revoke"}
                </Button>
              </Td>
            </Tr>
          ))}
        </TBody>
      </Table>
    </section>
  );
}
