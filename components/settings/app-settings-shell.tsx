"use client";

import type { ReactNode } from "react";
import { usePathname } from "next/navigation";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";
import { PageError } from "@/components/ui/page-error";
import { PageHeader } from "@/components/ui/page-header";
import { Skeleton } from "@/components/ui/skeleton";
import { TabNav, isActivePath } from "@/components/ui/tab-nav";
import { UnsavedChangesProvider } from "./unsaved-changes";
import { useCan } from "./use-me";

/** The app's settings, one tab per concern; each tab is its own route, so a link can open it. */
export function AppSettingsShell({ slug, children }: { slug: string; children: ReactNode }) {
  const trpc = useTRPC();
  const can = useCan();
  const pathname = usePathname() ?? "";
  const settings = useQuery(trpc.stages.settings.queryOptions({ appSlug: slug }));
  if (settings.isPending) return <Skeleton className="h-64 w-full" />;
  if (settings.error) return <PageError error={settings.error} onRetry={() => settings.refetch()} data-testid="app-settings-error" />;
  const base = `/apps/${slug}/settings`;
  const tabs = [
    { href: base, label: "General", exact: true },
    { href: `${base}/pipeline`, label: "Pipeline" },
    { href: `${base}/parameters`, label: "Parameters" },
    ...(can("stages.write") ? [{ href: `${base}/protection`, label: "Protection" }] : []),
    ...(can("notifications.read") ? [{ href: `${base}/notifications`, label: "Notifications" }] : []),
    ...(can("services.write") || can("apps.delete") ? [{ href: `${base}/danger`, label: "Danger zone" }] : []),
  ];
  const current = tabs.find((t) => isActivePath(pathname, t.href, t.exact)) ?? tabs[0];
  const name = settings.data.app.name;
  return (
    <UnsavedChangesProvider>
      <div className="space-y-6">
        <PageHeader
          breadcrumbs={[
            { label: "Apps", href: "/" },
            { label: name, href: `/apps/${slug}` },
            { label: "Settings", href: base },
            { label: current.label },
          ]}
          documentTitle={[`${current.label} settings`, name]}
          title={`${name} settings`}
          className="pb-2"
        />
        <TabNav items={tabs} label="App settings" />
        <div className="space-y-6">{children}</div>
      </div>
    </UnsavedChangesProvider>
  );
}
