"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";
import { PageError } from "@/components/ui/page-error";
import { PageHeader } from "@/components/ui/page-header";
import { Card, CardContent, CardHeader, CardTitle, CardDescription } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { Badge } from "@/components/ui/badge";
import { StatusBadge } from "@/components/ui/status-badge";
import { RelativeTime } from "@/components/ui/relative-time";
import { ExternalLink } from "@/components/ui/external-link";
import { Code } from "@/components/ui/code";
import { LogView } from "@/components/ui/log-view";
import { LocalTime } from "@/components/ui/relative-time";
import { StageResources } from "./stage-resources";
import { OutputList } from "@/components/ui/output-list";
import { StageParamWarning } from "@/components/settings/stage-param-check";
import { PinnedNotice } from "@/components/release/pinned-notice";
import { CommitSha } from "@/components/ui/commit-sha";
import { Button } from "@/components/ui/button";
import { previewPagePath } from "@/server/domain/previews/preview-path";
import { Eye } from "lucide-react";

const lowerFirst = (t: string) => t.charAt(0).toLowerCase() + t.slice(1);

/** One stage of an app: per service its link, current deployment, outputs and recent invocation logs. */
export function StageDetail({ slug, stage }: { slug: string; stage: string }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.instances.stage.queryOptions({ appSlug: slug, stage }, { refetchInterval: 3000 }));
  const state = useQuery(trpc.releases.state.queryOptions({ slug }, { refetchInterval: 3000 }));
  const me = useQuery(trpc.me.get.queryOptions());
  const canRollback = me.data?.allowed.includes("releases.rollback") ?? false;
  if (q.isPending) return <Skeleton className="h-64 w-full" />;
  if (q.error) return <PageError error={q.error} onRetry={() => q.refetch()} data-testid="stage-error" />;
  const s = q.data;

  return (
    <div className="space-y-8">
      <PageHeader
        breadcrumbs={[{ label: "Apps", href: "/" }, { label: s.app.name, href: `/apps/${s.app.slug}` }, { label: s.stage }]}
        title={s.stage}
        actions={
          s.branch ? (
            // A preview's reviewer page: the one the pull request comment links to.
            <Button asChild variant="secondary" data-testid="preview-review-link">
              <Link href={previewPagePath(s.app.slug, s.stage)}>
                <Eye className="size-4" aria-hidden="true" />
                Review
              </Link>
            </Button>
          ) : undefined
        }
        meta={
          <>
            {s.branch ? (
              <Badge tone="accent">
                {s.destroyed ? "destroyed preview" : "preview"} of {s.branch}
              </Badge>
            ) : null}
            {!s.branch && (state.data?.stageBranches[s.stage]?.length ?? 0) > 0 && (
              <span data-testid="stage-feed">
                {s.stage} ←{" "}
                {state.data!.stageBranches[s.stage].map((f, n) => (
                  <span key={f}>
                    {n > 0 && ", "}
                    <Code>{f}</Code>
                  </span>
                ))}
              </span>
            )}
            <span>profile {s.profile?.name ?? "none"}</span>
          </>
        }
      />
      {!s.destroyed && <StageParamWarning slug={slug} stage={s.stage} />}
      {s.destroyed && (
        <p role="status" className="rounded-lg border border-border bg-subtle px-4 py-3 text-sm text-fg" data-testid="stage-destroyed">
          This {s.branch ? "preview" : "stage"} was destroyed <LocalTime date={s.destroyed.at} />
          {s.destroyed.reason ? <> because {lowerFirst(s.destroyed.reason)}</> : null}. Nothing is deployed here any more.
          {s.destroyed.buildId && (
            <>
              {" "}
              <Link href={`/builds/${s.destroyed.buildId}`} className="underline">
                See the removal build
              </Link>
              .
            </>
          )}
        </p>
      )}
      {s.services.map((svc) => (
        <Card key={svc.instanceId} data-testid={`stage-service-${svc.service}`}>
          {/* Wraps on a phone: the folder, region and commit go under the service instead of a narrow column beside it. */}
          <CardHeader className="flex-wrap">
            <CardTitle className="flex flex-wrap items-center gap-3">
              {svc.service}
              {svc.builds[0] && !svc.removal && (
                <Link href={`/builds/${svc.builds[0].id}`} className="focus-ring rounded">
                  <StatusBadge status={svc.builds[0].status} size="sm" />
                </Link>
              )}
              {svc.url ? (
                <ExternalLink href={svc.url} className="text-sm font-normal" data-testid="stage-link">
                  {svc.url}
                </ExternalLink>
              ) : (
                <Badge data-testid="stage-service-state">
                  {svc.removal ? "Removed" : svc.deployment ? "Deployed · no HTTP endpoint" : "Not deployed"}
                </Badge>
              )}
            </CardTitle>
            <CardDescription className="min-w-0 [overflow-wrap:anywhere]">
              <Code>{svc.path}</Code> · {svc.region}
              {svc.deployment && (
                <>
                  {" "}
                  · <CommitSha sha={svc.deployment.commitSha} /> {svc.deployment.build?.commitMessage} · deployed{" "}
                  <RelativeTime date={svc.deployment.createdAt} />
                  {svc.deployment.build && (
                    <>
                      {" "}
                      by{" "}
                      <Link href={`/builds/${svc.deployment.build.id}`} className="underline">
                        build #{svc.deployment.build.number}
                      </Link>
                    </>
                  )}
                </>
              )}
            </CardDescription>
          </CardHeader>
          <CardContent className="space-y-4">
            {(() => {
              const pin = state.data?.pins.find((p) => p.instanceId === svc.instanceId);
              return pin ? <PinnedNotice slug={slug} pin={pin} canAct={canRollback && pin.stage === "prod"} /> : null;
            })()}
            <div>
              <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-fg-muted">Outputs</h3>
              {Object.keys(svc.outputs).length === 0 ? (
                <p className="text-sm text-fg-muted">No outputs published.</p>
              ) : (
                <OutputList outputs={svc.outputs} data-testid="stage-outputs" />
              )}
            </div>
            <StageResources slug={slug} stage={s.stage} instanceId={svc.instanceId} />
            <div>
              <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-fg-muted">Recent invocations</h3>
              {svc.logs.length === 0 ? (
                // No reserved black box: a line of text until there is something to show.
                <p className="text-sm text-fg-muted" data-testid="stage-no-invocations">
                  No invocations yet.
                </p>
              ) : (
                <LogView
                  lines={svc.logs.map(
                    (l) => `${new Date(l.ts).toLocaleTimeString()} ${l.fn} ${l.stream === "stderr" ? "\u001b[31m" : ""}${l.line}\u001b[0m`,
                  )}
                  label={`Invocation log of ${svc.service}`}
                  className="h-64"
                />
              )}
            </div>
          </CardContent>
        </Card>
      ))}
    </div>
  );
}
