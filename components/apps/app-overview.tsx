"use client";

import Link from "next/link";
import { useDeferredValue, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Eye, GitBranch, Pin, Rocket, Settings } from "lucide-react";
import { Button } from "@/components/ui/button";
import { useTRPC } from "@/components/trpc/client";
import { PageError } from "@/components/ui/page-error";
import { PageHeader } from "@/components/ui/page-header";
import { Card, CardContent, CardHeader, CardTitle, CardDescription } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { Badge } from "@/components/ui/badge";
import { StatusBadge } from "@/components/ui/status-badge";
import { RelativeTime } from "@/components/ui/relative-time";
import { ExternalLink } from "@/components/ui/external-link";
import { Code } from "@/components/ui/code";
import { Input } from "@/components/ui/input";
import { AppBuilds } from "@/components/builds/app-builds";
import { DeployBranchButton } from "./deploy-branch-button";
import { NewServicesNotice } from "./new-services-notice";
import { CommitSha } from "@/components/ui/commit-sha";
import { previewPagePath } from "@/server/domain/previews/preview-path";

const STAGE_ORDER = ["prod", "staging", "dev"];
const PREVIEW_PAGE = 24;

export function AppOverview({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const [previewSearch, setPreviewSearch] = useState("");
  const [previewLimit, setPreviewLimit] = useState(PREVIEW_PAGE);
  const search = useDeferredValue(previewSearch.trim());
  const app = useQuery(
    trpc.apps.get.queryOptions(
      { slug, previews: { search: search || undefined, limit: previewLimit } },
      { refetchInterval: 3000, placeholderData: (previous) => previous },
    ),
  );
  const me = useQuery(trpc.me.get.queryOptions());
  // Rollback state and which branch feeds each stage: the same fact the release and stage pages show.
  const state = useQuery(trpc.releases.state.queryOptions({ slug }, { refetchInterval: 3000 }));
  if (app.isPending) return <Skeleton className="h-64 w-full" />;
  if (app.error) return <PageError error={app.error} onRetry={() => app.refetch()} data-testid="app-error" />;
  const a = app.data;
  const isPreview = (stage: string) => a.instances.some((i) => i.stage === stage && i.branch);
  const allStages = [...new Set(a.instances.map((i) => i.stage))];
  const stages = allStages.filter((st) => !isPreview(st)).sort((x, y) => rank(x) - rank(y) || x.localeCompare(y));
  const previews = a.previews.stages; // newest first
  const canDeploy = me.data?.allowed.includes("builds.trigger");
  const renderStage = (stage: string) => {
    const instances = a.instances.filter((i) => i.stage === stage);
    const mapping = a.stageMappings.find((m) => m.stage === stage);
    const branch = instances.find((i) => i.branch)?.branch;
    const feeds = branch ? [branch] : (state.data?.stageBranches[stage] ?? []);
    return (
      <Card key={stage} data-testid={`stage-${stage}`}>
        {/* Wraps on a phone: a preview's branch and stage names are long words that cannot shrink. */}
        <CardHeader className="flex-wrap">
          <div className="flex min-w-0 flex-wrap items-center gap-x-3 gap-y-1">
            <CardTitle className="flex items-center gap-2">
              <Link
                href={`/apps/${a.slug}/stages/${encodeURIComponent(stage)}`}
                className="focus-ring rounded hover:underline"
                data-testid="stage-page-link"
              >
                {stage}
              </Link>
              {branch ? <Badge tone="accent">preview of {branch}</Badge> : null}
            </CardTitle>
            {branch ? (
              // The reviewer's page (the pull request comment links there too): links, builds, outputs and changes.
              <Link
                href={previewPagePath(a.slug, stage)}
                className="focus-ring inline-flex items-center gap-1 rounded text-sm font-medium text-accent-700 hover:underline"
                data-testid="preview-review-link"
              >
                <Eye className="size-4" aria-hidden="true" />
                Review
              </Link>
            ) : null}
          </div>
          <CardDescription className="min-w-0 [overflow-wrap:anywhere]">
            {feeds.length > 0 && (
              <span className="mr-2" data-testid="stage-feed">
                {stage} ←{" "}
                {feeds.map((f, n) => (
                  <span key={f}>
                    {n > 0 && ", "}
                    <Code>{f}</Code>
                  </span>
                ))}{" "}
                ·
              </span>
            )}
            profile {mapping?.profile.name ?? a.defaultProfile?.name ?? "none"}
            {mapping ? "" : a.defaultProfile ? " (default)" : ""}
          </CardDescription>
        </CardHeader>
        <CardContent>
          <ul className="divide-y divide-border">
            {instances.map((i) => {
              const pin = state.data?.pins.find((p) => p.instanceId === i.id);
              return (
                <li
                  key={i.id}
                  className="flex flex-wrap items-center gap-x-4 gap-y-1 py-2.5"
                  data-testid={`instance-${stage}-${i.service}`}
                >
                  <span className="w-24 font-medium text-fg">{i.service}</span>
                  {i.lastBuild && (
                    <Link href={`/builds/${i.lastBuild.id}`} className="focus-ring rounded">
                      <StatusBadge status={i.lastBuild.status} size="sm" />
                    </Link>
                  )}
                  {i.lastBuild &&
                  i.lastBuild.kind === "DEPLOY" &&
                  i.lastBuild.status !== "SUCCEEDED" &&
                  i.lastBuild.commitSha !== i.deployment?.commitSha ? (
                    // The newest build did not ship (failed, cancelled, running): say which commit it was, like a live row.
                    <span
                      className="min-w-32 flex-1 truncate text-sm text-fg-muted"
                      title={i.lastBuild.commitMessage}
                      data-testid="instance-last-commit"
                    >
                      <CommitSha sha={i.lastBuild.commitSha} /> {i.lastBuild.commitMessage} · <RelativeTime date={i.lastBuild.createdAt} />
                      {i.deployment && (
                        <>
                          {" "}
                          · live: <CommitSha sha={i.deployment.commitSha} />
                        </>
                      )}
                    </span>
                  ) : i.deployment ? (
                    <span className="min-w-32 flex-1 truncate text-sm text-fg-muted" title={i.deployment.commitMessage}>
                      <CommitSha sha={i.deployment.commitSha} /> {i.deployment.commitMessage} ·{" "}
                      <RelativeTime date={i.deployment.createdAt} />
                    </span>
                  ) : null}
                  {pin && (
                    <Link
                      href={`/apps/${a.slug}/release`}
                      className="focus-ring rounded"
                      data-testid="instance-pinned"
                      title={`Rolled back${pin.by ? ` by ${pin.by}` : ""}; the pushes to this stage wait`}
                    >
                      <Badge tone="warning" className="gap-1">
                        <Pin className="size-3" aria-hidden="true" />
                        rolled back{pin.from ? ` from ${pin.from.commitSha.slice(0, 7)}` : ""}
                        {pin.held.length ? ` · ${pin.held.length} push waiting` : ""}
                      </Badge>
                    </Link>
                  )}
                  {i.url && (
                    <ExternalLink href={i.url} className="text-sm" data-testid="instance-link">
                      Open
                    </ExternalLink>
                  )}
                </li>
              );
            })}
          </ul>
        </CardContent>
      </Card>
    );
  };

  return (
    <div className="space-y-8">
      <PageHeader
        breadcrumbs={[{ label: "Apps", href: "/" }, { label: a.name }]}
        title={a.name}
        meta={
          <>
            <span className="flex items-center gap-1.5">
              <GitBranch className="size-4" aria-hidden="true" />
              <Code>{a.repository.url}</Code>
            </span>
            <span>{a.services.length} services</span>
            {a.defaultProfile && (
              <span>
                default profile <Badge>{a.defaultProfile.name}</Badge>
              </span>
            )}
          </>
        }
        actions={
          <>
            {me.data?.allowed.includes("apps.write") && (
              <Button asChild variant="secondary" data-testid="app-settings-link">
                <Link href={`/apps/${a.slug}/settings`}>
                  <Settings className="size-4" aria-hidden="true" />
                  Settings
                </Link>
              </Button>
            )}
            <Button asChild variant="secondary" data-testid="app-release-link">
              <Link href={`/apps/${a.slug}/release`}>Release</Link>
            </Button>
            {canDeploy ? <DeployBranchButton slug={a.slug} branches={Object.keys(a.repository.branches ?? {})} /> : null}
          </>
        }
      />
      {a.repository.pollError && (
        <p className="rounded-lg border border-danger-200 bg-danger-50 px-4 py-3 text-sm text-danger-700" data-testid="poll-error">
          Slipway cannot read the repository: {a.repository.pollError}
        </p>
      )}

      {me.data?.allowed.includes("services.write") && <NewServicesNotice slug={a.slug} />}

      <section aria-labelledby="stages-heading" className="space-y-3">
        <h2 id="stages-heading" className="text-sm font-semibold uppercase tracking-wide text-fg-muted">
          Stages
        </h2>
        {stages.length === 0 && a.previews.total === 0 ? (
          <EmptyState
            icon={Rocket}
            title="Nothing deployed yet"
            description="Push to master (or any branch) and Slipway builds and deploys each service it touches."
          />
        ) : (
          <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">{stages.map((stage) => renderStage(stage))}</div>
        )}
      </section>

      {(a.previews.total > 0 || search) && (
        <section aria-labelledby="previews-heading" className="space-y-3" data-testid="previews">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h2 id="previews-heading" className="text-sm font-semibold uppercase tracking-wide text-fg-muted">
              Previews <span className="font-normal normal-case">({a.previews.total})</span>
            </h2>
            <Input
              type="search"
              aria-label="Search previews by branch"
              placeholder="Search by branch"
              value={previewSearch}
              onChange={(e) => setPreviewSearch(e.target.value)}
              className="w-56"
              data-testid="preview-search"
            />
          </div>
          {previews.length === 0 ? (
            <p className="text-sm text-fg-muted">No preview of a branch matching “{search}”.</p>
          ) : (
            <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">{previews.map((stage) => renderStage(stage))}</div>
          )}
          {a.previews.shown < a.previews.total && (
            <Button variant="secondary" onClick={() => setPreviewLimit((n) => n + PREVIEW_PAGE)} data-testid="previews-more">
              Show more previews ({a.previews.total - a.previews.shown} more)
            </Button>
          )}
        </section>
      )}

      <section aria-labelledby="builds-heading" className="space-y-3">
        <h2 id="builds-heading" className="text-sm font-semibold uppercase tracking-wide text-fg-muted">
          Recent builds
        </h2>
        <AppBuilds slug={a.slug} services={a.services.map((sv) => sv.name)} />
      </section>
    </div>
  );
}

function rank(stage: string) {
  const i = STAGE_ORDER.indexOf(stage);
  return i === -1 ? STAGE_ORDER.length : i;
}
