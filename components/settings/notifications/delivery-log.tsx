"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { useTRPC } from "@/components/trpc/client";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { RelativeTime } from "@/components/ui/relative-time";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";

const TONE: Record<string, BadgeTone> = { PENDING: "neutral", RETRYING: "warning", SUCCEEDED: "success", FAILED: "danger" };

/** A channel's deliveries, newest first, each attempt with what the other side answered; "Send again" per delivery. */
export function DeliveryLog({ slug, channelId, canWrite }: { slug: string; channelId: string; canWrite: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const key = { appSlug: slug, channelId };
  // Deliveries settle in the background (retries with backoff): keep the log fresh while it is open.
  const log = useQuery({ ...trpc.notifications.deliveries.queryOptions(key), refetchInterval: 2000 });
  const resend = useMutation(
    trpc.notifications.resend.mutationOptions({
      onSuccess: () => {
        toast.success("Sent again");
        void qc.invalidateQueries({ queryKey: trpc.notifications.deliveries.queryKey(key) });
      },
    }),
  );
  if (log.isPending) return <Skeleton className="h-20 w-full" />;
  if (log.error)
    return (
      <p role="alert" className="text-sm text-danger-700">
        {log.error.message}
      </p>
    );
  if (log.data.length === 0)
    return (
      <p className="text-sm text-fg-muted" data-testid="delivery-log-empty">
        Nothing sent yet.
      </p>
    );
  return (
    <Table data-testid="delivery-log">
      <THead>
        <Tr>
          <Th>Event</Th>
          <Th>Status</Th>
          <Th>Attempts</Th>
          <Th>When</Th>
          {canWrite && (
            <Th className="w-28">
              <span className="sr-only">Actions</span>
            </Th>
          )}
        </Tr>
      </THead>
      <TBody>
        {log.data.map((d) => (
          <Tr key={d.id} data-testid="delivery-row" data-event={d.event.type} data-status={d.status}>
            <Td>
              <div className="font-mono text-xs">{d.event.type}</div>
              <div className="max-w-md truncate text-xs text-fg-subtle" title={d.event.summary}>
                {d.event.summary}
              </div>
            </Td>
            <Td>
              <Badge tone={TONE[d.status]} data-testid="delivery-status">
                {d.status.toLowerCase()}
              </Badge>
            </Td>
            <Td>
              <ol className="space-y-0.5 text-xs" data-testid="delivery-attempts">
                {d.attempts.map((a) => (
                  <li key={a.number} data-testid="delivery-attempt">
                    #{a.number} {a.ok ? "✓" : "✗"} {a.statusCode ?? ""}{" "}
                    {a.error ? <span className="text-danger-700">{a.error}</span> : null}{" "}
                    <span className="text-fg-subtle">({a.durationMs} ms)</span>
                  </li>
                ))}
                {d.attempts.length === 0 && <li className="text-fg-subtle">waiting…</li>}
              </ol>
            </Td>
            <Td className="text-fg-muted">
              <RelativeTime date={d.createdAt} />
            </Td>
            {canWrite && (
              <Td className="text-right">
                <Button
                  size="sm"
                  variant="ghost"
                  loading={resend.isPending && resend.variables?.deliveryId === d.id}
                  onClick={() => resend.mutate({ ...key, deliveryId: d.id })}
                  data-testid="delivery-resend"
                >
                  Send again
                </Button>
              </Td>
            )}
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}
