"use client";

import { Fragment } from "react";
import { useRouter } from "next/navigation";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Ban, CircleAlert, Download, Globe, RotateCw, Square } from "lucide-react";
import { toast } from "sonner";
import { useTRPC } from "@/components/trpc/client";
import { PageError } from "@/components/ui/page-error";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Code } from "@/components/ui/code";
import { CommitSha } from "@/components/ui/commit-sha";
import { OutputList } from "@/components/ui/output-list";
import { Skeleton } from "@/components/ui/skeleton";
import { RelativeTime } from "@/components/ui/relative-time";
import { LiveDuration } from "@/components/ui/live-duration";
import { LogView } from "@/components/ui/log-view";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ExternalLink } from "@/components/ui/external-link";
import { useBuildLog } from "./use-build-log";
import { BuildGate } from "./build-gate";
import { SafeguardChecks } from "./safeguard-checks";

const ACTIVE = ["QUEUED", "RUNNING"];

/** The log line a step starts with ("▸ test") gets an id, so the step list can link to it. */
const stepAnchor = (step: string) => `log-step-${step}`;
const lineId = (plain: string) => (plain.startsWith("▸ ") ? stepAnchor(plain.slice(2).trim()) : undefined);

/** "`npm test` exited with code 1" → npm test in code type, not raw backticks. */
function Prose({ text }: { text: string }) {
  return text.split("`").map((part, i) => (i % 2 ? <Code key={i}>{part}</Code> : <Fragment key={i}>{part}</Fragment>));
}

export function BuildView({ id }: { id: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const build = useQuery(
    trpc.builds.get.queryOptions(
      { id },
      {
        // Until the build and every step have settled: a cancelled step's worker may still be winding down.
        refetchInterval: (q) =>
          q.state.data && !ACTIVE.includes(q.state.data.status) && !q.state.data.steps.some((s) => s.status === "RUNNING") ? false : 1000,
      },
    ),
  );
  const me = useQuery(trpc.me.get.queryOptions());
  const log = useBuildLog(id);
  const cancel = useMutation(trpc.builds.cancel.mutationOptions({ onSuccess: () => build.refetch() }));
  const rerun = useMutation(
    trpc.builds.rerun.mutationOptions({ onSuccess: (b) => router.push(`/builds/${b.id}`), onError: (e) => toast.error(e.message) }),
  );
  if (build.isPending) return <Skeleton className="h-96 w-full" />;
  if (build.error) return <PageError error={build.error} onRetry={() => build.refetch()} data-testid="build-error" />;
  const b = build.data;
  const active = ACTIVE.includes(b.status);
  const allowed = me.data?.allowed ?? [];
  const stage = b.instance.stage;

  return (
    <div className="space-y-6">
      <PageHeader
        breadcrumbs={[
          { label: "Apps", href: "/" },
          { label: b.service.app.name, href: `/apps/${b.service.app.slug}` },
          { label: `Build #${b.number}` },
        ]}
        title={
          <span className="flex items-center gap-3">
            Build #{b.number}
            <span data-testid="build-status" data-status={b.status}>
              <StatusBadge status={b.status} />
            </span>
          </span>
        }
        meta={
          <>
            <span>
              {b.kind === "REMOVE" ? "remove" : "deploy"} <strong className="text-fg">{b.service.name}</strong> → stage{" "}
              <strong className="text-fg">{stage}</strong>
            </span>
            <span>
              <CommitSha sha={b.commitSha} url={b.commitUrl} /> {b.branch ? `on ${b.branch}` : ""}{" "}
              {b.commitMessage && `· ${b.commitMessage}`}
            </span>
            <span>
              {b.trigger} · <RelativeTime date={b.createdAt} />
            </span>
            {b.startedAt && (
              <span data-testid="build-duration">
                {b.finishedAt ? "took" : "running for"} <LiveDuration since={b.startedAt} until={b.finishedAt ?? undefined} />
              </span>
            )}
          </>
        }
        actions={
          <>
            {b.deployed?.url && (
              <Button asChild>
                <a href={b.deployed.url} target="_blank" rel="noopener noreferrer" data-testid="build-visit">
                  <Globe className="size-4" aria-hidden="true" />
                  Visit<span className="sr-only"> (opens in a new tab)</span>
                </a>
              </Button>
            )}
            {active && allowed.includes("builds.cancel") && (
              <ConfirmDialog
                trigger={
                  <Button variant="danger" data-testid="build-cancel">
                    <Square className="size-4" aria-hidden="true" />
                    Cancel build
                  </Button>
                }
                danger
                title={b.instance.guarded ? `Stop the deploy to ${stage} part-way?` : `Cancel build #${b.number}?`}
                description={
                  b.instance.guarded
                    ? `${stage} is a production stage. Cancelling kills the running step at once: a deploy that has started may leave ${b.service.name} on ${stage} half-updated until the next successful build.`
                    : `The running step is stopped and the remaining steps are skipped. ${b.service.name} on ${stage} keeps what it had.`
                }
                confirmLabel={b.instance.guarded ? `Stop the deploy to ${stage}` : "Cancel build"}
                cancelLabel="Keep running"
                onConfirm={() => cancel.mutateAsync({ id }).then(() => undefined)}
              />
            )}
            {!active && allowed.includes("builds.trigger") && (
              <Button variant="secondary" loading={rerun.isPending} onClick={() => rerun.mutate({ id })} data-testid="build-rerun">
                <RotateCw className="size-4" aria-hidden="true" />
                Re-run
              </Button>
            )}
            <Button variant="ghost" asChild>
              <a href={`/api/builds/${id}/log`} download>
                <Download className="size-4" aria-hidden="true" />
                Log
              </a>
            </Button>
          </>
        }
      />
      <BuildGate id={id} onChange={() => build.refetch()} />
      {b.deployed && <Deployed deployed={b.deployed} stage={stage} />}
      {b.status === "CANCELED" && b.error && (
        <p
          role="status"
          className="flex items-center gap-2 rounded-lg border border-border bg-subtle px-4 py-3 text-sm text-fg"
          data-testid="build-failure"
        >
          <Ban className="size-4 shrink-0 text-fg-muted" aria-hidden="true" />
          {b.error}
        </p>
      )}
      {b.status !== "CANCELED" && b.error && (
        <div
          role="status"
          className="rounded-lg border border-danger-200 bg-danger-50 px-4 py-3 text-sm text-danger-700"
          data-testid="build-failure"
        >
          <p className="flex items-start gap-2 font-medium">
            <CircleAlert className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
            <span>
              {b.failure && <>{b.failure.step} failed: </>}
              <Prose text={b.error} />
            </span>
          </p>
          {b.failure && b.failure.lines.length > 0 && (
            <pre
              className="mt-2 overflow-x-auto whitespace-pre-wrap rounded-md bg-white/70 px-3 py-2 font-mono text-xs text-danger-700 ring-1 ring-inset ring-danger-200"
              data-testid="build-failure-lines"
            >
              {b.failure.lines.join("\n")}
            </pre>
          )}
          {b.failure && (
            <a href={`#${stepAnchor(b.failure.step)}`} className="mt-2 inline-block text-xs font-medium underline">
              Show the {b.failure.step} step in the log
            </a>
          )}
        </div>
      )}
      <div className="grid gap-6 lg:grid-cols-[16rem_1fr]">
        <Card className="h-fit p-2">
          <ol aria-label="Steps" className="space-y-0.5">
            {b.steps.map((s) => (
              <li key={s.id} data-testid={`step-${s.name}`} data-status={s.status}>
                <a
                  href={`#${stepAnchor(s.name)}`}
                  className="focus-ring flex items-center justify-between gap-2 rounded-md px-2 py-1.5 text-sm hover:bg-subtle"
                >
                  <span className="flex items-center gap-2">
                    <StatusBadge status={s.status} size="sm" iconOnly />
                    <span className="font-medium capitalize text-fg">{s.name}</span>
                  </span>
                  {s.startedAt && (
                    <span className="text-xs tabular-nums text-fg-muted">
                      <LiveDuration since={s.startedAt} until={s.finishedAt ?? undefined} />
                    </span>
                  )}
                </a>
              </li>
            ))}
          </ol>
        </Card>
        <div className="min-w-0 space-y-6">
          <SafeguardChecks checks={b.safeguardChecks} />
          <LogView
            lines={log.lines}
            label={`Log of build #${b.number}`}
            emptyMessage={active ? "Waiting for output…" : "No output."}
            className="h-[36rem]"
            tools
            lineId={lineId}
          />
        </div>
      </div>
    </div>
  );
}

type DeployedInfo = { serving: boolean; url: string | null; hasHttp: boolean; outputs: Record<string, string> };

/** What the build put live: its link while it still serves, and the outputs it published. */
function Deployed({ deployed, stage }: { deployed: DeployedInfo; stage: string }) {
  const outputs = Object.entries(deployed.outputs);
  return (
    <Card className="space-y-3 p-4" data-testid="build-deployed">
      <p className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
        <Globe className="size-4 text-fg-muted" aria-hidden="true" />
        {deployed.url ? (
          <>
            <span className="text-fg-muted">Live on {stage} at</span>
            <ExternalLink href={deployed.url} className="font-mono text-sm" data-testid="build-deployed-link">
              {deployed.url}
            </ExternalLink>
          </>
        ) : !deployed.serving ? (
          <span className="text-fg-muted">No longer serving {stage}: a later deployment or a rollback replaced it.</span>
        ) : (
          <span className="text-fg-muted">Deployed to {stage} · no HTTP endpoint</span>
        )}
      </p>
      {outputs.length > 0 && (
        <div>
          <h2 className="mb-1 text-xs font-semibold uppercase tracking-wide text-fg-muted">Outputs</h2>
          <OutputList outputs={Object.fromEntries(outputs)} data-testid="build-outputs" />
        </div>
      )}
    </Card>
  );
}
