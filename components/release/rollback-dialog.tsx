"use client";

import { useState } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { toast } from "sonner";
import { Undo2 } from "lucide-react";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogBody,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { ConfigChanges } from "./config-changes";
import { CommitSha } from "@/components/ui/commit-sha";

export interface RollbackChoice {
  id: string;
  commitSha: string;
  createdAt: Date;
  label: string;
}

/** Roll prod back for one service: pick an earlier deployment (the previous one preselected), see what changes, choose revert or instant. */
export function RollbackDialog({
  slug,
  serviceId,
  serviceName,
  choices,
  currentSha,
  pinned = false,
  onDone,
}: {
  slug: string;
  serviceId: string;
  serviceName: string;
  choices: RollbackChoice[];
  currentSha?: string;
  pinned?: boolean;
  onDone: (builds: { id: string }[]) => void;
}) {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  // The newest earlier deployment of another commit: a redeploy of the same commit is rarely "back".
  const preferred = (choices.find((c) => c.commitSha !== currentSha) ?? choices[0])?.id ?? "";
  const [picked, setPicked] = useState(preferred);
  // The choices follow the page's polling; a pick that is no longer offered falls back to the preferred one.
  const deploymentId = choices.some((c) => c.id === picked) ? picked : preferred;
  const setDeploymentId = setPicked;
  // Already rolled back instantly: going further back the same way is the natural next step.
  const [mode, setMode] = useState<"revert" | "instant">(pinned ? "instant" : "revert");
  const [note, setNote] = useState("");
  const preview = useQuery(
    trpc.releases.previewRollback.queryOptions({ slug, serviceId, deploymentId }, { enabled: open && Boolean(deploymentId) }),
  );
  // Prod's protection rules, said before the click: an instant rollback skips the build they would hold.
  const blockers = useQuery(trpc.releases.blockers.queryOptions({ slug }, { enabled: open }));
  const [overrideReason, setOverrideReason] = useState("");
  const needsOverride = mode === "instant" && (blockers.data?.instantRollback.needsOverride ?? false);
  const rollback = useMutation(
    trpc.releases.rollback.mutationOptions({
      onSuccess: (res) => {
        setOpen(false);
        toast.success(res.mode === "instant" ? `Prod switched back in ${res.switchMs} ms` : "Revert queued: the release follows it live");
        onDone([]);
      },
    }),
  );
  if (choices.length === 0) return null;
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (o) setDeploymentId(preferred);
      }}
    >
      <DialogTrigger asChild>
        <Button variant="secondary" size="sm" data-testid={`rollback-open-${serviceName}`}>
          <Undo2 aria-hidden="true" />
          {pinned ? "Roll back further" : "Roll back"}
        </Button>
      </DialogTrigger>
      <DialogContent className="max-w-2xl">
        <DialogHeader>
          <DialogTitle>Roll back {serviceName} on prod</DialogTitle>
          <DialogDescription>
            Revert pushes a commit undoing everything on the prod branch after the chosen deployment (every service those commits touched
            goes back), then deploys it. Instant switches {serviceName} back to the old artifact with the parameters it had then, without a
            build, until the next deploy.
          </DialogDescription>
        </DialogHeader>
        <DialogBody className="space-y-4">
          <Field label="Go back to">
            <Select value={deploymentId} onChange={(e) => setDeploymentId(e.target.value)} data-testid="rollback-target">
              {choices.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.label}
                </option>
              ))}
            </Select>
          </Field>
          <fieldset className="flex gap-4 text-sm">
            <legend className="sr-only">How</legend>
            <label className="flex items-center gap-1.5">
              <input
                type="radio"
                name="mode"
                checked={mode === "revert"}
                onChange={() => setMode("revert")}
                data-testid="rollback-mode-revert"
              />
              Revert in git{pinned ? "" : " (default)"}
            </label>
            <label className="flex items-center gap-1.5">
              <input
                type="radio"
                name="mode"
                checked={mode === "instant"}
                disabled={preview.data?.instantAvailable === false}
                onChange={() => setMode("instant")}
                data-testid="rollback-mode-instant"
              />
              Instant (no build)
            </label>
          </fieldset>
          {preview.error && <p className="text-sm text-danger-700">{preview.error.message}</p>}
          {preview.data && (
            <div className="space-y-3">
              {mode === "revert" && (
                <div>
                  <p className="text-sm font-medium">Commits the revert undoes</p>
                  <ul className="text-sm text-fg-muted" data-testid="rollback-commits">
                    {preview.data.commitsToRevert.map((c) => (
                      <li key={c.sha}>
                        <CommitSha sha={c.sha} /> {c.message} · {c.author}
                      </li>
                    ))}
                  </ul>
                </div>
              )}
              <p className="text-sm font-medium">Parameters, outputs and configuration: now → then</p>
              <ConfigChanges changes={preview.data.changes} fromLabel="now" toLabel="then" />
            </div>
          )}
          {mode === "instant" && blockers.data?.instantRollback.refusal && (
            <p className="text-sm text-danger-700" data-testid="rollback-approval-refusal">
              Prod requires approval and this rollback has no build to approve: {blockers.data.instantRollback.refusal}
            </p>
          )}
          {needsOverride && (
            <div
              className="space-y-2 rounded-md border border-accent-200 bg-accent-50 p-3 text-sm text-accent-700"
              data-testid="rollback-needs-override"
            >
              <p>
                {blockers.data?.freeze?.message} An instant rollback during the freeze needs an admin&apos;s override
                {blockers.data?.freeze?.youMayOverride ? "" : ", and you cannot override it"}.
              </p>
              {blockers.data?.freeze?.youMayOverride && (
                <Field label="Override reason (audited)" required>
                  <Input
                    value={overrideReason}
                    onChange={(e) => setOverrideReason(e.target.value)}
                    maxLength={500}
                    data-testid="rollback-override-reason"
                  />
                </Field>
              )}
            </div>
          )}
          <Field label="Why (kept in the history)">
            <Textarea value={note} onChange={(e) => setNote(e.target.value)} rows={2} data-testid="rollback-note" />
          </Field>
          {rollback.error && (
            <p role="alert" className="text-sm text-danger-700" data-testid="rollback-error">
              {rollback.error.message}
            </p>
          )}
        </DialogBody>
        <DialogFooter>
          <Button variant="ghost" onClick={() => setOpen(false)}>
            Cancel
          </Button>
          <Button
            variant="danger"
            loading={rollback.isPending}
            disabled={!deploymentId}
            data-testid="rollback-confirm"
            onClick={() =>
              rollback.mutate({
                slug,
                serviceId,
                deploymentId,
                mode,
                note: note || undefined,
                overrideReason: needsOverride ? overrideReason : undefined,
              })
            }
          >
            {mode === "instant" ? "Switch back now" : "Push revert"}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
