"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { Boxes, GitBranch, Plus } from "lucide-react";
import { Button } from "@/components/ui/button";
import { useCan } from "@/components/settings/use-me";
import { useTRPC } from "@/components/trpc/client";
import { PageHeader } from "@/components/ui/page-header";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { StatusBadge } from "@/components/ui/status-badge";
import { RelativeTime } from "@/components/ui/relative-time";
import { Skeleton } from "@/components/ui/skeleton";

export function AppsList() {
  const trpc = useTRPC();
  const apps = useQuery(trpc.apps.list.queryOptions(undefined, { refetchInterval: 5000 }));
  const can = useCan();
  const newApp = can("apps.create") ? (
    <Button asChild variant="primary">
      <Link href="/apps/new" data-testid="new-app">
        <Plus aria-hidden="true" />
        New app
      </Link>
    </Button>
  ) : null;
  return (
    <div className="space-y-6">
      <PageHeader
        title="Apps"
        description="Each app is one repository of Serverless services, deployed per stage."
        actions={apps.data?.length ? newApp : null}
      />
      {apps.isPending ? (
        <Skeleton className="h-24 w-full" />
      ) : apps.error ? (
        <p role="status" className="text-sm text-danger-700">
          {apps.error.message}
        </p>
      ) : apps.data.length === 0 ? (
        <EmptyState
          icon={Boxes}
          title="No apps yet"
          description={
            newApp
              ? "Connect a repository: Slipway finds its services and deploys them."
              : "An admin connects a repository to create an app."
          }
          action={newApp}
        />
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2" data-testid="apps-list">
          {apps.data.map((app) => (
            <li key={app.id}>
              <Link href={`/apps/${app.slug}`} className="block rounded-xl focus-ring" data-testid={`app-card-${app.slug}`}>
                <Card className="p-5 transition-colors hover:border-border-strong">
                  <div className="flex items-start justify-between gap-3">
                    <div className="min-w-0">
                      <h2 className="truncate text-base font-semibold text-fg">{app.name}</h2>
                      <p className="mt-1 flex items-center gap-1.5 truncate text-xs text-fg-muted">
                        <GitBranch className="size-3.5 shrink-0" aria-hidden="true" />
                        <span className="truncate font-mono">{app.repositoryUrl}</span>
                      </p>
                    </div>
                    {app.lastBuild && <StatusBadge status={app.lastBuild.status} />}
                  </div>
                  <dl className="mt-4 flex flex-wrap gap-x-6 gap-y-1 text-sm text-fg-muted">
                    <div>
                      <dt className="sr-only">Services</dt>
                      <dd>{app.services.length} services</dd>
                    </div>
                    <div>
                      <dt className="sr-only">Live stages</dt>
                      <dd>{app.liveInstances} live deployments</dd>
                    </div>
                    {app.lastBuild && (
                      <div>
                        <dt className="sr-only">Last build</dt>
                        <dd>
                          last build <RelativeTime date={app.lastBuild.createdAt} />
                        </dd>
                      </div>
                    )}
                  </dl>
                  {app.pollError && <p className="mt-3 text-xs text-danger-700">Repository unreachable: {app.pollError}</p>}
                </Card>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
