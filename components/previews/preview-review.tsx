"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";
import { PageError } from "@/components/ui/page-error";
import { PageHeader } from "@/components/ui/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { Badge } from "@/components/ui/badge";
import { StatusBadge } from "@/components/ui/status-badge";
import { RelativeTime, LocalTime } from "@/components/ui/relative-time";
import { ExternalLink } from "@/components/ui/external-link";
import { Code } from "@/components/ui/code";
import { CommitSha } from "@/components/ui/commit-sha";
import { Duration } from "@/components/ui/duration";
import { ConfigChanges } from "@/components/release/config-changes";
import { OutputList } from "@/components/ui/output-list";

const FILE_STATUS = { A: "added", M: "modified", D: "deleted", T: "type changed" } as const;
const H3 = "mb-1 text-xs font-semibold uppercase tracking-wide text-fg-muted";

/**
 * What a reviewer of a pull request needs on one page: where to click (each service's preview
 * link), whether it built, what it published, and what the branch changed against its base.
 */
export function PreviewReview({ slug, stage }: { slug: string; stage: string }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.previews.get.queryOptions({ appSlug: slug, stage }, { refetchInterval: 5000 }));
  if (q.isPending) return <Skeleton className="h-64 w-full" />;
  if (q.error) return <PageError error={q.error} onRetry={() => q.refetch()} data-testid="preview-error" />;
  const p = q.data;
  const links = p.services.filter((s) => s.built && s.url);

  return (
    <div className="space-y-8" data-testid="preview-review">
      <PageHeader
        breadcrumbs={[{ label: "Apps", href: "/" }, { label: p.app.name, href: `/apps/${p.app.slug}` }, { label: `Preview ${p.stage}` }]}
        title={`Preview of ${p.branch}`}
        meta={
          <>
            <Badge tone="accent">{p.destroyed ? "destroyed preview" : "preview"}</Badge>
            <span>
              <Code>{p.branch}</Code> → <Code>{p.baseBranch}</Code>
            </span>
            {p.head && (
              <span>
                head <CommitSha sha={p.head.sha} url={p.head.url} />
              </span>
            )}
            {p.pullRequest &&
              (p.pullRequest.url ? (
                <ExternalLink href={p.pullRequest.url}>Pull request #{p.pullRequest.number}</ExternalLink>
              ) : (
                <span>Pull request #{p.pullRequest.number}</span>
              ))}
            {p.pullRequest && !p.pullRequest.open && <Badge>closed</Badge>}
            <Link href={`/apps/${p.app.slug}/stages/${encodeURIComponent(p.stage)}`} className="underline">
              Stage page (logs, data)
            </Link>
          </>
        }
      />

      {p.destroyed && (
        <p role="status" className="rounded-lg border border-border bg-subtle px-4 py-3 text-sm" data-testid="preview-destroyed">
          This preview was destroyed <LocalTime date={p.destroyed} />. Nothing is deployed here any more.
        </p>
      )}

      <section aria-labelledby="preview-links" className="space-y-2">
        <h2 id="preview-links" className="text-lg font-semibold">
          Open the preview
        </h2>
        {links.length === 0 ? (
          <p className="text-sm text-fg-muted" data-testid="preview-no-links">
            No service of this preview answers on a link yet
            {p.services.some((s) => s.built && s.build && ["QUEUED", "RUNNING"].includes(s.build.status))
              ? " — a build is still running"
              : ""}
            .
          </p>
        ) : (
          <ul className="flex flex-wrap gap-3" data-testid="preview-links">
            {links.map((s) => (
              <li key={s.name}>
                <ExternalLink
                  href={s.url!}
                  className="rounded-lg border border-border bg-surface px-3 py-2"
                  data-testid={`preview-link-${s.name}`}
                >
                  Visit {s.name}
                </ExternalLink>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="preview-changes" className="space-y-4">
        <h2 id="preview-changes" className="text-lg font-semibold">
          What changed
        </h2>
        {p.gitError && <p className="text-sm text-warning-700">{p.gitError}</p>}
        <div>
          <h3 className={H3}>
            Commits on {p.branch} not on {p.baseBranch} ({p.commits.length})
          </h3>
          {p.commits.length === 0 ? (
            <p className="text-sm text-fg-muted">No commits ahead of {p.baseBranch}.</p>
          ) : (
            <ul className="divide-y divide-border text-sm" data-testid="preview-commits">
              {p.commits.map((c) => (
                <li key={c.sha} className="flex flex-wrap items-baseline gap-x-2 py-1.5" data-testid="preview-commit">
                  <CommitSha sha={c.sha} url={c.url} />
                  <span className="min-w-0 break-words">{c.message}</span>
                  <span className="text-fg-muted">
                    {c.author} · <RelativeTime date={c.date} />
                  </span>
                </li>
              ))}
            </ul>
          )}
        </div>
        {p.files && (
          <div>
            <h3 className={H3}>Files ({p.files.length})</h3>
            <ul className="space-y-0.5 font-mono text-sm" data-testid="preview-files">
              {p.files.map((f) => (
                <li key={f.path} className="break-all">
                  <span className="inline-block w-24 text-xs text-fg-muted">{FILE_STATUS[f.status]}</span>
                  {f.path}
                </li>
              ))}
            </ul>
          </div>
        )}
      </section>

      <section aria-labelledby="preview-services" className="space-y-4">
        <h2 id="preview-services" className="text-lg font-semibold">
          Services
        </h2>
        {p.services.map((s) => (
          <Card key={s.name} data-testid={`preview-service-${s.name}`}>
            {/* Wraps on a phone: the folder and what changed go under the service, not in a narrow column beside it. */}
            <CardHeader className="flex-wrap">
              <CardTitle className="flex flex-wrap items-center gap-3">
                {s.name}
                {s.built && s.build ? (
                  <Link href={`/builds/${s.build.id}`} className="focus-ring rounded" aria-label={`Build #${s.build.number} of ${s.name}`}>
                    <StatusBadge status={s.build.status} size="sm" />
                  </Link>
                ) : null}
                {s.built && s.url && (
                  <ExternalLink href={s.url} className="text-sm font-normal" data-testid="preview-service-link">
                    {s.url}
                  </ExternalLink>
                )}
              </CardTitle>
              <CardDescription className="min-w-0 [overflow-wrap:anywhere]">
                <Code>{s.path}</Code>
                {s.changedFiles !== null && (
                  <>
                    {" "}
                    ·{" "}
                    {s.changedFiles === 0
                      ? "no files changed in its folder"
                      : `${s.changedFiles} file${s.changedFiles === 1 ? "" : "s"} changed in its folder`}
                  </>
                )}
                {!s.built && (
                  <> · not built for this branch: the branch changed nothing that triggers it, so the base&apos;s deployment applies</>
                )}
              </CardDescription>
            </CardHeader>
            {s.built && (
              <CardContent className="space-y-4">
                {s.build && (
                  <div data-testid="preview-build">
                    <h3 className={H3}>Latest build</h3>
                    <p className="text-sm">
                      <Link href={`/builds/${s.build.id}`} className="underline">
                        Build #{s.build.number}
                      </Link>
                      {s.build.kind === "REMOVE" ? " (destroy)" : ""} of <CommitSha sha={s.build.commitSha} url={s.build.commitUrl} />{" "}
                      {s.build.commitMessage}
                      {s.build.startedAt && s.build.finishedAt && (
                        <>
                          {" "}
                          · took <Duration ms={new Date(s.build.finishedAt).getTime() - new Date(s.build.startedAt).getTime()} />
                        </>
                      )}
                      {s.build.finishedAt && (
                        <>
                          {" "}
                          · finished <RelativeTime date={s.build.finishedAt} />
                        </>
                      )}
                    </p>
                    <ol className="mt-2 flex flex-wrap gap-2" aria-label={`Steps of build #${s.build.number}`}>
                      {s.build.steps.map((st) => (
                        <li key={st.name} className="flex items-center gap-1 text-xs text-fg-muted" data-testid="preview-step">
                          <StatusBadge status={st.status} size="sm" iconOnly /> {st.name}
                        </li>
                      ))}
                    </ol>
                    {s.build.failure && (
                      <div
                        role="alert"
                        className="mt-3 rounded-lg border border-danger-200 bg-danger-50 p-3 text-sm text-danger-700"
                        data-testid="preview-failure"
                      >
                        <p className="font-medium">
                          Failed at {s.build.failure.step}
                          {s.build.error ? `: ${s.build.error}` : ""}
                        </p>
                        {s.build.failure.lines.length > 0 && (
                          <pre className="mt-2 overflow-x-auto whitespace-pre-wrap font-mono text-xs">
                            {s.build.failure.lines.join("\n")}
                          </pre>
                        )}
                      </div>
                    )}
                  </div>
                )}
                <div>
                  <h3 className={H3}>Outputs</h3>
                  {Object.keys(s.outputs).length === 0 ? (
                    <p className="text-sm text-fg-muted">No outputs published.</p>
                  ) : (
                    <OutputList outputs={s.outputs} data-testid="preview-outputs" />
                  )}
                </div>
                {s.configChanges && s.baseStage && (
                  // Folded: a preview differs from its base in its environment anyway; open when it matters.
                  <details data-testid="preview-config">
                    <summary className="cursor-pointer text-sm font-medium">
                      Configuration against {s.baseStage} ({s.configChanges.length} difference{s.configChanges.length === 1 ? "" : "s"})
                    </summary>
                    <div className="mt-2">
                      <ConfigChanges changes={s.configChanges} fromLabel={s.baseStage} toLabel={p.stage} />
                    </div>
                  </details>
                )}
              </CardContent>
            )}
          </Card>
        ))}
      </section>
    </div>
  );
}
