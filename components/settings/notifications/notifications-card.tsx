"use client";

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { Bell } from "lucide-react";
import { useTRPC } from "@/components/trpc/client";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { Switch } from "@/components/ui/switch";
import { useCan } from "../use-me";
import { ChannelForm } from "./channel-form";
import { DeliveryLog } from "./delivery-log";
import { EVENT_OPTIONS, KIND_LABELS } from "./event-labels";

const eventLabel = (v: string) => EVENT_OPTIONS.find((o) => o.value === v)?.label ?? v;

/** The app's notification channels: add one, pause it, send a test, read its delivery log. */
export function NotificationsCard({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const can = useCan();
  const canWrite = can("notifications.write");
  const list = useQuery(trpc.notifications.list.queryOptions({ appSlug: slug }));
  const [adding, setAdding] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.notifications.list.queryKey({ appSlug: slug }) });
  const update = useMutation(trpc.notifications.update.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.notifications.remove.mutationOptions({ onSuccess: refresh }));
  const test = useMutation(
    trpc.notifications.sendTest.mutationOptions({
      onSuccess: (_, v) => {
        toast.success("Test queued");
        setOpen(v.channelId);
        void qc.invalidateQueries({ queryKey: trpc.notifications.deliveries.queryKey({ appSlug: slug, channelId: v.channelId }) });
      },
      onError: (e) => toast.error(e.message),
    }),
  );
  return (
    <Card data-testid="notifications-card">
      <CardHeader>
        <div>
          <CardTitle>Notifications</CardTitle>
          <CardDescription>
            Tell Slack, email or your own endpoint about builds, previews, releases and approvals. Deliveries are retried with backoff and
            never hold up a build.
          </CardDescription>
        </div>
        {canWrite && !adding && (
          <Button onClick={() => setAdding(true)} data-testid="channel-add">
            Add channel
          </Button>
        )}
      </CardHeader>
      <CardContent className="space-y-4">
        {adding && list.data && <ChannelForm slug={slug} services={list.data.services} onDone={() => setAdding(false)} />}
        {list.isPending ? (
          <Skeleton className="h-20 w-full" />
        ) : list.error ? (
          <p role="alert" className="text-sm text-danger-700">
            {list.error.message}
          </p>
        ) : list.data.channels.length === 0 && !adding ? (
          <EmptyState icon={Bell} title="No channels yet" description="Add a Slack incoming webhook, an email list or a signed webhook." />
        ) : (
          <ul className="divide-y divide-border rounded-md border border-border">
            {list.data.channels.map((c) => (
              <li key={c.id} className="space-y-3 p-3" data-testid={`channel-${c.name}`}>
                <div className="flex flex-wrap items-center gap-3">
                  <div className="min-w-0 flex-1">
                    <div className="flex items-center gap-2">
                      <span className="font-medium">{c.name}</span>
                      <Badge tone="outline">{KIND_LABELS[c.kind]}</Badge>
                      {!c.enabled && <Badge tone="warning">paused</Badge>}
                      {c.lastDelivery && (
                        <Badge
                          tone={
                            c.lastDelivery.status === "FAILED" ? "danger" : c.lastDelivery.status === "SUCCEEDED" ? "success" : "neutral"
                          }
                        >
                          last: {c.lastDelivery.status.toLowerCase()}
                        </Badge>
                      )}
                    </div>
                    <div className="text-xs text-fg-subtle">
                      {c.kind === "EMAIL" ? `${c.recipients.join(", ")} ${c.target}` : c.target} · {c.events.map(eventLabel).join(", ")}
                      {c.stages.length > 0 && ` · stages ${c.stages.join(", ")}`}
                      {c.services.length > 0 && ` · services ${c.services.join(", ")}`}
                    </div>
                  </div>
                  {canWrite && (
                    <>
                      <Switch
                        checked={c.enabled}
                        onCheckedChange={(enabled: boolean) => update.mutate({ appSlug: slug, channelId: c.id, enabled })}
                        aria-label={`${c.enabled ? "Pause" : "Resume"} ${c.name}`}
                        data-testid="channel-enabled"
                      />
                      <Button
                        size="sm"
                        loading={test.isPending && test.variables?.channelId === c.id}
                        onClick={() => test.mutate({ appSlug: slug, channelId: c.id })}
                        data-testid="channel-test"
                      >
                        Send a test
                      </Button>
                    </>
                  )}
                  <Button size="sm" variant="ghost" onClick={() => setOpen(open === c.id ? null : c.id)} data-testid="channel-log-toggle">
                    {open === c.id ? "Hide log" : "Delivery log"}
                  </Button>
                  {canWrite && (
                    <ConfirmDialog
                      trigger={
                        <Button size="sm" variant="ghost" data-testid="channel-remove">
                          Remove
                        </Button>
                      }
                      title={`Remove “${c.name}”?`}
                      description="It stops receiving events; its delivery log goes with it."
                      confirmLabel="Remove"
                      danger
                      onConfirm={async () => {
                        await remove.mutateAsync({ appSlug: slug, channelId: c.id });
                        toast.success(`Removed ${c.name}`);
                      }}
                    />
                  )}
                </div>
                {open === c.id && <DeliveryLog slug={slug} channelId={c.id} canWrite={canWrite} />}
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}
