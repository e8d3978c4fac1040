"use client";

import { Skeleton } from "@/components/ui/skeleton";
import { ProtectionEditor } from "./protection-editor";
import { NotificationsCard } from "./notifications/notifications-card";
import { DeleteAppCard, RemoveServiceButton } from "./app-danger-zone";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { useAppSettings } from "./use-app-settings";
import { useCan } from "./use-me";

/** Protection: approvals and deploy freezes per stage. */
export function AppProtectionSettings({ slug }: { slug: string }) {
  return <ProtectionEditor slug={slug} />;
}

/** Notifications: channels and what they hear about. */
export function AppNotificationSettings({ slug }: { slug: string }) {
  return <NotificationsCard slug={slug} />;
}

/** Danger zone: what cannot be undone, apart from everything else. */
export function AppDangerSettings({ slug }: { slug: string }) {
  const can = useCan();
  const settings = useAppSettings(slug);
  if (!settings.data) return <Skeleton className="h-64 w-full" />;
  return (
    <>
      {can("services.write") && (
        <Card className="border-danger-200" data-testid="remove-services-card">
          <CardHeader>
            <div>
              <CardTitle>Remove a service</CardTitle>
              <CardDescription>Slipway stops building it; you choose what happens to its deployed stages.</CardDescription>
            </div>
          </CardHeader>
          <CardContent>
            <ul className="divide-y divide-border">
              {settings.data.services.map((svc) => (
                <li key={svc.id} className="flex items-center justify-between gap-3 py-2">
                  <span className="text-sm font-medium">
                    {svc.name} <span className="font-normal text-fg-muted">· {svc.path}</span>
                  </span>
                  <RemoveServiceButton slug={slug} service={svc} />
                </li>
              ))}
            </ul>
          </CardContent>
        </Card>
      )}
      {can("apps.delete") && <DeleteAppCard slug={slug} />}
    </>
  );
}
