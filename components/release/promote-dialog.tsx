"use client";

import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { toast } from "sonner";
import { ArrowUpRight } from "lucide-react";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { Dialog, DialogBody, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/textarea";

/**
 * Promote staging → prod. With a service given, the prod branch still receives the whole staging
 * commit (git promotion is repo-wide) but only that service deploys now; the others follow at the
 * next prod deploy, and the page shows them as "prod branch ahead".
 */
export function PromoteDialog({ slug, serviceId, serviceName, onDone }: { slug: string; serviceId?: string; serviceName?: string; onDone: (builds: { id: string }[]) => void }) {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState("");
  const [mergeReason, setMergeReason] = useState<string | null>(null);
  const promote = useMutation(
    trpc.releases.promote.mutationOptions({
      onSuccess: (res) => {
        if (res.needsConfirmation === "merge") return setMergeReason(res.reason);
        setOpen(false);
        setMergeReason(null);
        toast.success(res.pushed ? `Prod branch moved to ${res.toSha.slice(0, 7)}${res.fastForward ? " (fast-forward)" : " (merge commit)"}` : "Prod branch already had it");
        onDone(res.builds);
      },
    }),
  );
  const testid = serviceName ? `promote-open-${serviceName}` : "promote-open";
  return (
    <Dialog open={open} onOpenChange={(o) => { setOpen(o); setMergeReason(null); promote.reset(); }}>
      <DialogTrigger asChild>
        <Button variant={serviceName ? "secondary" : "accent"} size={serviceName ? "sm" : "md"} data-testid={testid}>
          <ArrowUpRight aria-hidden="true" />{serviceName ? "Promote this service" : "Promote staging → prod"}
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Promote {serviceName ?? "staging"} to prod</DialogTitle>
          <DialogDescription>
            {serviceName
              ? `Merges the commit ${serviceName} runs on staging into the prod branch and deploys ${serviceName} only. Git promotion is repo-wide: other services' changes in that commit reach the prod branch too and deploy with the next prod deploy.`
              : "Merges the commit staging runs into the prod branch (a fast-forward when possible), pushes it, and deploys prod right away."}
          </DialogDescription>
        </DialogHeader>
        <DialogBody className="space-y-3">
          <Field label="Why (kept in the history)">
            <Textarea value={note} onChange={(e) => setNote(e.target.value)} rows={2} data-testid="promote-note" />
          </Field>
          {mergeReason && <p className="rounded-md border border-warning-200 bg-warning-50 px-3 py-2 text-sm text-warning-700" data-testid="promote-merge-warning">{mergeReason} Continue?</p>}
          {promote.error && <p role="alert" className="text-sm text-danger-700" data-testid="promote-error">{promote.error.message}</p>}
        </DialogBody>
        <DialogFooter>
          <Button variant="ghost" onClick={() => setOpen(false)}>Cancel</Button>
          <Button variant="accent" loading={promote.isPending} data-testid="promote-confirm"
            onClick={() => promote.mutate({ slug, serviceId, note: note || undefined, confirmMerge: mergeReason !== null })}>
            {mergeReason ? "Create merge commit and promote" : "Promote"}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
