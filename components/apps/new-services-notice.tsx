"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { Sparkles } from "lucide-react";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { Code } from "@/components/ui/code";

/** "Found services/billing — add it?": serverless files on the default branch that the app has no service for. */
export function NewServicesNotice({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const settings = useQuery(trpc.repositories.settings.queryOptions({ appSlug: slug }, { refetchInterval: 15_000 }));
  const add = useMutation(
    trpc.services.add.mutationOptions({
      onSuccess: (s) => {
        toast.success(`${s.name} added${s.builds.length ? `; deploying (build #${s.builds[0].number})` : ""}`);
        void qc.invalidateQueries();
      },
    }),
  );
  const found = settings.data?.newServices ?? [];
  if (found.length === 0) return null;
  return (
    <div className="space-y-2 rounded-lg border border-accent-200 bg-accent-50 px-4 py-3 text-sm" data-testid="new-services">
      {found.slice(0, 5).map((s) => (
        <p key={s.file} className="flex flex-wrap items-center gap-2">
          <Sparkles className="size-4 text-accent-700" aria-hidden="true" />
          <span>
            Found <Code>{s.folder || "/"}</Code> ({s.name}) on the default branch — add it?
          </span>
          <Button
            size="sm"
            variant="primary"
            loading={add.isPending && add.variables?.service.folder === s.folder}
            onClick={() => add.mutate({ appSlug: slug, service: { name: s.name!, folder: s.folder } })}
            data-testid={`add-found-${s.name}`}
          >
            Add {s.name}
          </Button>
        </p>
      ))}
      {found.length > 5 && <p className="text-fg-muted">…and {found.length - 5} more.</p>}
      {add.error && (
        <p role="alert" className="text-danger-700">
          {add.error.message}
        </p>
      )}
    </div>
  );
}
