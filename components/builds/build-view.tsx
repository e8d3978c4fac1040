"use client";

import { useRouter } from "next/navigation";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Download, RotateCw, Square } from "lucide-react";
import { toast } from "sonner";
import { useTRPC } from "@/components/trpc/client";
import { PageError } from "@/components/ui/page-error";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Code } from "@/components/ui/code";
import { Skeleton } from "@/components/ui/skeleton";
import { RelativeTime } from "@/components/ui/relative-time";
import { LiveDuration } from "@/components/ui/live-duration";
import { LogView } from "@/components/ui/log-view";
import { useBuildLog } from "./use-build-log";
import { BuildGate } from "./build-gate";
import { SafeguardChecks } from "./safeguard-checks";

const ACTIVE = ["QUEUED", "RUNNING"];

export function BuildView({ id }: { id: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const build = useQuery(
    trpc.builds.get.queryOptions({ id }, { refetchInterval: (q) => (q.state.data && !ACTIVE.includes(q.state.data.status) ? false : 1000) }),
  );
  const me = useQuery(trpc.me.get.queryOptions());
  const log = useBuildLog(id);
  const cancel = useMutation(trpc.builds.cancel.mutationOptions({ onSuccess: () => build.refetch(), onError: (e) => toast.error(e.message) }));
  const rerun = useMutation(
    trpc.builds.rerun.mutationOptions({ onSuccess: (b) => router.push(`/builds/${b.id}`), onError: (e) => toast.error(e.message) }),
  );
  if (build.isPending) return <Skeleton className="h-96 w-full" />;
  if (build.error) return <PageError error={build.error} onRetry={() => build.refetch()} data-testid="build-error" />;
  const b = build.data;
  const active = ACTIVE.includes(b.status);
  const allowed = me.data?.allowed ?? [];

  return (
    <div className="space-y-6">
      <PageHeader
        breadcrumbs={[{ label: "Apps", href: "/" }, { label: b.service.app.name, href: `/apps/${b.service.app.slug}` }, { label: `Build #${b.number}` }]}
        title={
          <span className="flex items-center gap-3">
            Build #{b.number}
            <span data-testid="build-status" data-status={b.status}><StatusBadge status={b.status} /></span>
          </span>
        }
        meta={
          <>
            <span>{b.kind === "REMOVE" ? "remove" : "deploy"} <strong className="text-fg">{b.service.name}</strong> → stage <strong className="text-fg">{b.instance.stage}</strong></span>
            <span><Code>{b.commitSha.slice(0, 7)}</Code> {b.branch ? `on ${b.branch}` : ""} {b.commitMessage && `· ${b.commitMessage}`}</span>
            <span>{b.trigger} · <RelativeTime date={b.createdAt} /></span>
            {b.startedAt && <span>took <LiveDuration since={b.startedAt} until={b.finishedAt ?? undefined} /></span>}
          </>
        }
        actions={
          <>
            {active && allowed.includes("builds.cancel") && (
              <Button variant="danger" loading={cancel.isPending} onClick={() => cancel.mutate({ id })} data-testid="build-cancel">
                <Square className="size-4" aria-hidden="true" />Cancel
              </Button>
            )}
            {!active && allowed.includes("builds.trigger") && (
              <Button variant="secondary" loading={rerun.isPending} onClick={() => rerun.mutate({ id })} data-testid="build-rerun">
                <RotateCw className="size-4" aria-hidden="true" />Re-run
              </Button>
            )}
            <Button variant="ghost" asChild>
              <a href={`/api/builds/${id}/log`} download><Download className="size-4" aria-hidden="true" />Log</a>
            </Button>
          </>
        }
      />
      <BuildGate id={id} onChange={() => build.refetch()} />
      {b.error && (
        <p role="status" className="rounded-lg border border-danger-200 bg-danger-50 px-4 py-3 text-sm text-danger-700" data-testid="build-failure">
          {b.error}
        </p>
      )}
      <div className="grid gap-6 lg:grid-cols-[16rem_1fr]">
        <Card className="h-fit p-2">
          <ol aria-label="Steps" className="space-y-0.5">
            {b.steps.map((s) => (
              <li key={s.id} className="flex items-center justify-between gap-2 rounded-md px-2 py-1.5 text-sm" data-testid={`step-${s.name}`} data-status={s.status}>
                <span className="flex items-center gap-2">
                  <StatusBadge status={s.status} size="sm" />
                  <span className="sr-only">{s.status}</span>
                  <span className="font-medium capitalize text-fg">{s.name}</span>
                </span>
                {s.startedAt && <span className="text-xs tabular-nums text-fg-muted"><LiveDuration since={s.startedAt} until={s.finishedAt ?? undefined} /></span>}
              </li>
            ))}
          </ol>
        </Card>
        <div className="min-w-0 space-y-6">
          <SafeguardChecks checks={b.safeguardChecks} />
          <LogView lines={log.lines} label={`Log of build #${b.number}`} emptyMessage={active ? "Waiting for output…" : "No output."} className="h-[36rem]" />
        </div>
      </div>
    </div>
  );
}
