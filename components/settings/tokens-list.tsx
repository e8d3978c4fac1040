"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { KeyRound } from "lucide-react";
import { useTRPC } from "@/components/trpc/client";
import { PageError } from "@/components/ui/page-error";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { CreateTokenButton } from "./tokens-create";

/** The member's personal API tokens (for the `slipway` CLI and the HTTP API): create, see use, revoke. */
export function TokensList() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const tokens = useQuery(trpc.tokens.list.queryOptions());
  const revoke = useMutation(
    trpc.tokens.revoke.mutationOptions({ onSuccess: () => qc.invalidateQueries({ queryKey: trpc.tokens.list.queryKey() }) }),
  );
  return (
    <div className="space-y-6">
      <PageHeader
        title="API tokens"
        description={
          <>
            Personal tokens for the <code className="font-mono text-xs">slipway</code> CLI and the HTTP API. A token acts as you, in this
            organization, with your role; revoke it when a laptop is gone.
          </>
        }
        actions={<CreateTokenButton />}
      />
      {tokens.isPending ? (
        <Skeleton className="h-32 w-full" />
      ) : tokens.error ? (
        <PageError inline error={tokens.error} onRetry={() => tokens.refetch()} data-testid="tokens-error" />
      ) : tokens.data.length === 0 ? (
        <EmptyState
          icon={KeyRound}
          title="No tokens yet"
          description="Create one, then run slipway login --url … --token … in your terminal."
          action={<CreateTokenButton />}
        />
      ) : (
        <Table data-testid="tokens-table">
          <THead>
            <Tr>
              <Th>Name</Th>
              <Th>Token</Th>
              <Th>Created</Th>
              <Th>Last used</Th>
              <Th className="w-28">
                <span className="sr-only">Actions</span>
              </Th>
            </Tr>
          </THead>
          <TBody>
            {tokens.data.map((t) => (
              <Tr key={t.id} data-testid={`token-${t.name}`}>
                <Td className="font-medium">{t.name}</Td>
                <Td className="font-mono text-xs text-fg-muted">{t.prefix}…</Td>
                <Td className="text-fg-muted">
                  <RelativeTime date={t.createdAt} />
                </Td>
                <Td className="text-fg-muted">{t.lastUsedAt ? <RelativeTime date={t.lastUsedAt} /> : "never"}</Td>
                <Td className="text-right">
                  {t.revokedAt ? (
                    <Badge tone="neutral" data-testid="token-revoked">
                      Revoked
                    </Badge>
                  ) : (
                    <ConfirmDialog
                      trigger={
                        <Button size="sm" variant="ghost" data-testid="token-revoke">
                          Revoke
                        </Button>
                      }
                      title={`Revoke “${t.name}”?`}
                      description="The CLI and scripts using it are refused from the next request on. This cannot be undone."
                      confirmLabel="Revoke"
                      danger
                      onConfirm={async () => {
                        await revoke.mutateAsync({ id: t.id });
                        toast.success(`Revoked ${t.name}`);
                      }}
                    />
                  )}
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
    </div>
  );
}
