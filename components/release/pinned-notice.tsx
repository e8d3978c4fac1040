"use client";

import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { Pin } from "lucide-react";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { RelativeTime } from "@/components/ui/relative-time";
import type { PinView } from "@/server/domain/releases/pin-state";
import { CommitSha } from "@/components/ui/commit-sha";

/** One pinned instance as every page shows it (`releases.state` and `releases.overview` carry the same shape). */
export type PinInfo = PinView;

const short = (sha: string) => sha.slice(0, 7);

/** The one sentence for a pin, the same on every page. */
export function PinSummary({ pin }: { pin: PinInfo }) {
  return (
    <span data-testid="pin-summary">
      {pin.stage} serves <CommitSha sha={pin.serving.commitSha} />
      {pin.from && (
        <>
          {" "}
          (rolled back from <CommitSha sha={pin.from.commitSha} />)
        </>
      )}
      {pin.by && <> by {pin.by}</>}
      {pin.at && (
        <>
          {" "}
          <RelativeTime date={pin.at} />
        </>
      )}
    </span>
  );
}

/**
 * A rolled-back (pinned) service: what serves and what it was rolled back from, the pushes that wait,
 * and the ways out — make it permanent (revert in git), undo rollback, or deploy a held push anyway.
 */
export function PinnedNotice({ slug, pin, canAct, prodHead }: { slug: string; pin: PinInfo; canAct: boolean; prodHead?: string | null }) {
  return (
    <div
      className="space-y-2 rounded-md border border-warning-200 bg-warning-50 px-3 py-2 text-sm text-warning-700"
      data-testid={`pinned-${pin.service}`}
      role="status"
    >
      <p className="flex flex-wrap items-center gap-1.5">
        <Pin className="size-4 shrink-0" aria-hidden="true" />
        <strong>{pin.service} is rolled back.</strong> <PinSummary pin={pin} />
        {prodHead && prodHead !== pin.serving.commitSha && (
          <>
            {" "}
            — the prod branch is at <CommitSha sha={prodHead} />
          </>
        )}
        .
      </p>
      {pin.held.length > 0 && (
        <ul className="space-y-1" data-testid="pinned-held">
          {pin.held.map((b) => (
            <li key={b.id} className="flex flex-wrap items-center gap-2">
              <span>
                Push{" "}
                <Link href={`/builds/${b.id}`} className="underline">
                  #{b.number}
                </Link>{" "}
                (<CommitSha sha={b.commitSha} /> {b.commitMessage}) waits: prod stays on the rolled-back version until you decide.
              </span>
              {canAct && <DeployAnyway buildId={b.id} number={b.number} />}
            </li>
          ))}
        </ul>
      )}
      {canAct && (
        <div className="flex flex-wrap gap-2">
          <MakePermanent slug={slug} pin={pin} />
          <UndoRollback slug={slug} pin={pin} />
        </div>
      )}
    </div>
  );
}

function MakePermanent({ slug, pin }: { slug: string; pin: PinInfo }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const preview = useQuery(trpc.releases.previewMakePermanent.queryOptions({ slug, serviceId: pin.serviceId }, { enabled: open }));
  const mutation = useMutation(trpc.releases.makePermanent.mutationOptions());
  const router = useRouter();
  const pathname = usePathname();
  const releasePath = `/apps/${slug}/release`;
  return (
    <ConfirmDialog
      open={open}
      onOpenChange={setOpen}
      trigger={
        <Button size="sm" variant="secondary" data-testid={`make-permanent-${pin.service}`}>
          Make it permanent
        </Button>
      }
      title={`Make the rollback of ${pin.service} permanent`}
      description={`Pushes one commit to ${preview.data?.prodBranch ?? "the prod branch"} that reverts the rolled-back commits, then deploys it: the branch and what prod serves agree again. Other services those commits touched go back too.`}
      confirmLabel="Push revert and deploy"
      onConfirm={async () => {
        await mutation.mutateAsync({ slug, serviceId: pin.serviceId });
        toast.success("Queued: the release page follows the revert and its deploy live");
        await qc.invalidateQueries();
        // Closes into the release's live view (from the stage page too).
        if (pathname !== releasePath) router.push(releasePath);
      }}
    >
      <p className="text-sm font-medium">Commits it reverts</p>
      {preview.error && <p className="text-sm text-danger-700">{preview.error.message}</p>}
      <ul className="text-sm text-fg-muted" data-testid="make-permanent-commits">
        {preview.data?.commits.map((c) => (
          <li key={c.sha}>
            <CommitSha sha={c.sha} /> {c.message} · {c.author}
          </li>
        ))}
        {preview.data && preview.data.commits.length === 0 && <li>None: the branch already matches; prod just redeploys it.</li>}
      </ul>
    </ConfirmDialog>
  );
}

function UndoRollback({ slug, pin }: { slug: string; pin: PinInfo }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const blockers = useQuery(trpc.releases.blockers.queryOptions({ slug }, { enabled: open }));
  const needsOverride = blockers.data?.instantRollback.needsOverride ?? false;
  const mutation = useMutation(trpc.releases.undoRollback.mutationOptions());
  return (
    <ConfirmDialog
      open={open}
      onOpenChange={setOpen}
      trigger={
        <Button size="sm" variant="ghost" data-testid={`undo-rollback-${pin.service}`}>
          Undo rollback
        </Button>
      }
      title={`Undo the rollback of ${pin.service}`}
      description={
        <>
          Prod switches back to its newest deployment
          {pin.from ? (
            <>
              {" "}
              (<CommitSha sha={pin.from.commitSha} /> {pin.from.message})
            </>
          ) : null}{" "}
          at once, without a build
          {pin.held.length > 0 ? ", and the pushes that wait deploy after it." : "."}
        </>
      }
      confirmLabel="Switch to the newest deployment"
      onConfirm={async () => {
        const res = await mutation.mutateAsync({ slug, serviceId: pin.serviceId, overrideReason: needsOverride ? reason : undefined });
        toast.success(`Prod serves ${short(res.commitSha)} again (switched in ${res.switchMs} ms)`);
        await qc.invalidateQueries();
      }}
    >
      {needsOverride && (
        <Field label="Freeze override reason (audited)" required>
          <Input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} data-testid="undo-override-reason" />
        </Field>
      )}
    </ConfirmDialog>
  );
}

function DeployAnyway({ buildId, number }: { buildId: string; number: number }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const mutation = useMutation(trpc.releases.deployAnyway.mutationOptions());
  return (
    <ConfirmDialog
      trigger={
        <Button size="sm" variant="ghost" data-testid={`deploy-anyway-${number}`}>
          Deploy anyway
        </Button>
      }
      title={`Deploy build #${number} anyway?`}
      description="It replaces the rolled-back version on prod and ends the rollback."
      confirmLabel="Deploy anyway"
      danger
      onConfirm={async () => {
        await mutation.mutateAsync({ buildId });
        toast.success(`Build #${number} is deploying`);
        await qc.invalidateQueries();
      }}
    />
  );
}
