"use client";

import { useMutation } from "@tanstack/react-query";
import { toast } from "sonner";
import { Eraser } from "lucide-react";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useCan } from "@/components/settings/use-me";

/** "Clear cache" of a service: its next build installs its dependencies afresh. Shown to those allowed. */
export function ClearCacheButton({ slug, service }: { slug: string; service: { id: string; name: string } }) {
  const trpc = useTRPC();
  const can = useCan();
  const clear = useMutation(trpc.services.clearCache.mutationOptions());
  if (!can("services.clearCache")) return null;
  return (
    <div className="flex justify-end">
      <ConfirmDialog
        trigger={
          <Button variant="ghost" size="sm" data-testid={`clear-cache-${service.name}`}>
            <Eraser aria-hidden="true" />
            Clear dependency cache
          </Button>
        }
        title={`Clear the dependency cache of ${service.name}?`}
        description="Its next build runs npm ci from scratch instead of restoring node_modules from an earlier build."
        confirmLabel="Clear cache"
        onConfirm={async () => {
          await clear.mutateAsync({ appSlug: slug, serviceId: service.id });
          toast.success(`Dependency cache of ${service.name} cleared`);
        }}
      />
    </div>
  );
}
