"use client";

import Link from "next/link";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";
import { PageError } from "@/components/ui/page-error";
import { PageHeader } from "@/components/ui/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { Badge } from "@/components/ui/badge";
import { StatusBadge } from "@/components/ui/status-badge";
import { RelativeTime } from "@/components/ui/relative-time";
import { ExternalLink } from "@/components/ui/external-link";
import { Code } from "@/components/ui/code";
import { ConfigChanges } from "./config-changes";
import { PromoteDialog } from "./promote-dialog";
import { ReleaseProgress } from "./release-progress";
import { RollbackDialog } from "./rollback-dialog";
import { ReleaseHistory } from "./release-history";
import { ReleaseBlockers } from "./release-blockers";
import { releaseKindLabel } from "./release-kind";
import { PinnedNotice } from "./pinned-notice";
import { CommitSha } from "@/components/ui/commit-sha";

type Overview = NonNullable<ReturnType<typeof useOverview>["data"]>;
type InstanceView = NonNullable<Overview["services"][number]["prod"]>;

function useOverview(slug: string) {
  const trpc = useTRPC();
  return useQuery(trpc.releases.overview.queryOptions({ slug }, { refetchInterval: 2000 }));
}

/** What runs where, what staging has that prod lacks, and the promote / roll back buttons (product owners and admins only). */
export function ReleaseView({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const overview = useOverview(slug);
  const me = useQuery(trpc.me.get.queryOptions());
  const history = useQuery(trpc.releases.history.queryOptions({ slug }, { refetchInterval: 4000 }));
  if (overview.isPending) return <Skeleton className="h-64 w-full" />;
  if (overview.error) return <PageError error={overview.error} onRetry={() => overview.refetch()} data-testid="release-error" />;
  const o = overview.data;
  const canPromote = me.data?.allowed.includes("releases.promote") ?? false;
  const canRollback = me.data?.allowed.includes("releases.rollback") ?? false;
  const refresh = () => void qc.invalidateQueries();
  const rel = o.latestRelease;
  const prodPins = o.services.flatMap((s) => (s.prod?.pinned ? [s.prod.pinned] : []));

  return (
    <div className="space-y-8">
      <PageHeader
        breadcrumbs={[{ label: "Apps", href: "/" }, { label: o.app.name, href: `/apps/${o.app.slug}` }, { label: "Release" }]}
        title={`Release ${o.app.name}`}
        meta={
          <span data-testid="release-branches">
            staging follows <Code>{o.branches.staging}</Code> ·{" "}
            {prodPins.length === 0 ? (
              <>
                prod follows <Code>{o.branches.prod}</Code> at{" "}
                {o.branches.prodHead ? <CommitSha sha={o.branches.prodHead} /> : <Code>?</Code>}
              </>
            ) : (
              // Rolled back: what serves is not the branch head, so say both.
              <span data-testid="release-pinned-header">
                {prodPins.map((p, n) => (
                  <span key={p.instanceId}>
                    {n > 0 && ", "}prod {o.services.length > 1 ? `${p.service} ` : ""}serves <CommitSha sha={p.serving.commitSha} />
                    {p.from && (
                      <>
                        {" "}
                        (rolled back from <CommitSha sha={p.from.commitSha} />)
                      </>
                    )}
                  </span>
                ))}{" "}
                — the <Code>{o.branches.prod}</Code> branch is at{" "}
                {o.branches.prodHead ? <CommitSha sha={o.branches.prodHead} /> : <Code>?</Code>}
              </span>
            )}
          </span>
        }
        actions={canPromote ? <PromoteDialog slug={slug} onDone={refresh} /> : null}
      />
      <ReleaseBlockers slug={slug} />
      {o.gitError && <p className="text-sm text-danger-700">Slipway cannot read the repository: {o.gitError}</p>}
      {rel && (
        <Card data-testid="latest-release" data-status={rel.status}>
          <CardContent className="flex flex-wrap items-center gap-3 py-3 text-sm">
            <Badge
              tone={rel.status === "SUCCEEDED" ? "success" : rel.status === "FAILED" ? "danger" : "accent"}
              data-testid="latest-release-status"
            >
              {releaseKindLabel(rel.kind)}: {rel.status.toLowerCase()}
            </Badge>
            {rel.toSha && <CommitSha sha={rel.toSha} />}
            {rel.builds.map((b) => (
              <Link key={b.id} href={`/builds/${b.id}`} className="focus-ring flex items-center gap-1 rounded" data-testid="release-build">
                {b.service} #{b.number} <StatusBadge status={b.status} size="sm" />
              </Link>
            ))}
            {rel.error && (
              <span className="text-danger-700" data-testid="latest-release-error">
                {rel.error}
              </span>
            )}
            <RelativeTime date={rel.createdAt} />
            {rel.runsAsJob && (
              <ReleaseProgress key={rel.id} releaseId={rel.id} active={rel.status === "QUEUED" || rel.status === "RUNNING"} />
            )}
          </CardContent>
        </Card>
      )}
      <div className="space-y-4">
        {o.services.map((s) => {
          const history_ = history.data?.instances.find((i) => i.serviceId === s.id && i.stage === "prod");
          const pinnedAt = s.prod?.pinned ? history_?.deployments.find((d) => d.current)?.createdAt : null;
          const choices = (history_?.deployments ?? [])
            // Only finished, successful deployments: one still being deployed is not a place to go back to.
            // While rolled back, the newer ones are what was rolled back: "Undo rollback" goes there.
            .filter((d) => !d.current && (!d.build || d.build.status === "SUCCEEDED") && !(pinnedAt && d.createdAt > pinnedAt))
            .map((d) => ({
              id: d.id,
              commitSha: d.commitSha,
              createdAt: d.createdAt,
              label: `${d.commitSha.slice(0, 7)} ${d.build?.message ?? ""} (${new Date(d.createdAt).toLocaleString()})`,
            }));
          return (
            <Card key={s.id} data-testid={`release-service-${s.name}`}>
              <CardHeader>
                <CardTitle className="flex items-center gap-2">
                  {s.name} <span className="text-sm font-normal text-fg-muted">{s.path}</span>
                </CardTitle>
                <CardDescription>
                  {s.differs ? `${s.pendingCommits.length} commit(s) on staging and not on prod` : "staging and prod run the same commit"}
                </CardDescription>
              </CardHeader>
              <CardContent className="space-y-4">
                <ul className="divide-y divide-border">
                  {[s.prod, s.staging, ...s.others]
                    .filter((i): i is InstanceView => Boolean(i))
                    .map((i) => (
                      <InstanceRow key={i.id} i={i} service={s.name} />
                    ))}
                </ul>
                {s.prod?.pinned && <PinnedNotice slug={slug} pin={s.prod.pinned} canAct={canRollback} prodHead={o.branches.prodHead} />}
                {s.prodBranchAhead.length > 0 && (
                  <p className="text-sm text-warning-700" data-testid={`prod-ahead-${s.name}`}>
                    The prod branch is {s.prodBranchAhead.length} commit(s) ahead of what prod serves for {s.name}.
                  </p>
                )}
                {s.pendingCommits.length > 0 && (
                  <div>
                    <p className="text-sm font-medium">On staging, not on prod</p>
                    <ul className="text-sm text-fg-muted" data-testid={`pending-${s.name}`}>
                      {s.pendingCommits.map((c) => (
                        <li key={c.sha}>
                          <CommitSha sha={c.sha} /> {c.message} · {c.author} · <RelativeTime date={new Date(c.date)} />
                        </li>
                      ))}
                    </ul>
                  </div>
                )}
                {s.staging && s.prod && s.configChanges.length > 0 && (
                  <details>
                    <summary className="cursor-pointer text-sm font-medium">
                      Configuration: prod → staging ({s.configChanges.length})
                    </summary>
                    <ConfigChanges changes={s.configChanges} fromLabel="prod" toLabel="staging" />
                  </details>
                )}
                <div className="flex gap-2">
                  {canPromote && s.differs && <PromoteDialog slug={slug} serviceId={s.id} serviceName={s.name} onDone={refresh} />}
                  {canRollback && s.prod && (
                    <RollbackDialog
                      slug={slug}
                      serviceId={s.id}
                      serviceName={s.name}
                      choices={choices}
                      currentSha={s.prod.deployment?.commitSha}
                      pinned={Boolean(s.prod.pinned)}
                      onDone={refresh}
                    />
                  )}
                </div>
              </CardContent>
            </Card>
          );
        })}
      </div>
      {history.data && <ReleaseHistory history={history.data} />}
    </div>
  );
}

function InstanceRow({ i, service }: { i: InstanceView; service: string }) {
  return (
    <li className="flex flex-wrap items-center gap-x-4 gap-y-1 py-2" data-testid={`release-instance-${i.stage}-${service}`}>
      <span className="w-28 font-medium">
        {i.stage}
        {i.branch ? (
          <Badge tone="accent" className="ml-1">
            preview
          </Badge>
        ) : null}
      </span>
      {i.lastBuild && (
        <Link href={`/builds/${i.lastBuild.id}`} className="focus-ring rounded">
          <StatusBadge status={i.lastBuild.status} size="sm" />
        </Link>
      )}
      {i.deployment ? (
        <span className="min-w-32 flex-1 truncate text-sm text-fg-muted" data-testid="instance-commit">
          <CommitSha sha={i.deployment.commitSha} /> {i.deployment.message} · {i.deployment.author} ·{" "}
          <RelativeTime date={i.deployment.createdAt} />
        </span>
      ) : (
        <span className="flex-1 text-sm text-fg-muted">nothing deployed</span>
      )}
      {i.pinned && (
        <Badge tone="warning" data-testid="pinned">
          rolled back
          {i.pinned.from ? (
            <>
              {" "}
              from <CommitSha sha={i.pinned.from.commitSha} />
            </>
          ) : (
            ""
          )}
          {i.pinned.by ? ` by ${i.pinned.by}` : ""}
        </Badge>
      )}
      {i.url && (
        <ExternalLink href={i.url} className="text-sm" data-testid="instance-link">
          Open
        </ExternalLink>
      )}
    </li>
  );
}
