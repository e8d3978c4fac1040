"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { Trash2 } from "lucide-react";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";

/** Removing a service asks what happens to its stages. */
export function RemoveServiceButton({ slug, service }: { slug: string; service: { id: string; name: string; target: string } }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [destroy, setDestroy] = useState(true);
  const remove = useMutation(trpc.services.remove.mutationOptions());
  return (
    <ConfirmDialog
      trigger={
        <Button variant="ghost" size="sm" data-testid={`remove-service-${service.name}`}>
          <Trash2 aria-hidden="true" />
          Remove service
        </Button>
      }
      title={`Remove ${service.name}?`}
      description={
        service.target === "LOCAL"
          ? "Its stages on Slipway's runtime stop serving; builds and history go with it. The code stays in the repository."
          : "Choose what happens to its deployed stages in your cloud account."
      }
      danger
      confirmLabel="Remove"
      onConfirm={async () => {
        const res = await remove.mutateAsync({ appSlug: slug, serviceId: service.id, destroyStages: destroy });
        toast.success(`${res.removed} removed${res.leftRunning.length ? `; left running: ${res.leftRunning.join(", ")}` : ""}`);
        void qc.invalidateQueries();
      }}
    >
      {service.target !== "LOCAL" && (
        <Checkbox
          checked={destroy}
          onChange={(e) => setDestroy(e.target.checked)}
          label="Its stages must be destroyed first"
          description="Unchecked: they are left running in the cloud account and Slipway forgets them."
        />
      )}
    </ConfirmDialog>
  );
}

/** Deleting an app: typed confirmation; local-target deployments are destroyed. */
export function DeleteAppCard({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const qc = useQueryClient();
  const del = useMutation(trpc.apps.delete.mutationOptions());
  return (
    <Card className="border-danger-200" data-testid="delete-app-card">
      <CardHeader>
        <div>
          <CardTitle>Delete this app</CardTitle>
          <CardDescription>
            Destroys its deployments on Slipway’s runtime and removes its services, builds, repository connection and deploy key. The
            repository itself is not touched.
          </CardDescription>
        </div>
      </CardHeader>
      <CardContent>
        <ConfirmDialog
          trigger={
            <Button variant="danger" data-testid="delete-app">
              Delete app
            </Button>
          }
          title={`Delete ${slug}?`}
          danger
          confirmText={slug}
          confirmLabel="Delete app"
          onConfirm={async () => {
            const res = await del.mutateAsync({ slug, confirm: slug });
            toast.success(
              `${res.deleted} deleted${res.leftRunning.length ? `; left running in the cloud: ${res.leftRunning.join(", ")}` : ""}`,
            );
            await qc.invalidateQueries();
            router.push("/");
          }}
        />
      </CardContent>
    </Card>
  );
}
