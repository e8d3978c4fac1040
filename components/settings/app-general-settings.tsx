"use client";

import { Skeleton } from "@/components/ui/skeleton";
import { RepositoryCard } from "./repository-card";
import { StagesCard } from "./stages-card";
import { WebhookCard } from "./webhook-card";
import { useAppSettings } from "./use-app-settings";
import { useCan } from "./use-me";

/** General: where the code comes from (repository, webhooks) and which profile each stage deploys with. */
export function AppGeneralSettings({ slug }: { slug: string }) {
  const can = useCan();
  const settings = useAppSettings(slug);
  if (!settings.data) return <Skeleton className="h-64 w-full" />;
  return (
    <>
      {can("repositories.write") && <RepositoryCard slug={slug} />}
      {/* A new saved state (another tab, a new mapping) starts the form afresh from it. */}
      <StagesCard
        key={JSON.stringify([settings.data.app.defaultProfileId, settings.data.mappings])}
        slug={slug}
        settings={settings.data}
        canDefault={can("apps.write")}
        canMap={can("stages.write")}
      />
      {can("apps.write") && <WebhookCard slug={slug} />}
    </>
  );
}
