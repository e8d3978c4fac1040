"use client";

import { useState } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { ShieldCheck, ShieldX, Snowflake } from "lucide-react";
import { toast } from "sonner";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { RelativeTime } from "@/components/ui/relative-time";

const NOTICE = "rounded-lg border px-4 py-3 text-sm";

/**
 * What holds a build before it runs, and the buttons that decide it: Approve / Reject while it
 * waits for an approval, Override (with a reason) while a deploy freeze holds it.
 */
export function BuildGate({ id, onChange }: { id: string; onChange: () => void }) {
  const trpc = useTRPC();
  const gate = useQuery(trpc.builds.gate.queryOptions({ id }, { refetchInterval: 3000 }));
  const [reason, setReason] = useState("");
  const done = (msg: string) => () => {
    toast.success(msg);
    gate.refetch();
    onChange();
  };
  const approve = useMutation(
    trpc.builds.approve.mutationOptions({ onSuccess: done("Approved: the build runs."), onError: (e) => toast.error(e.message) }),
  );
  const reject = useMutation(trpc.builds.reject.mutationOptions({ onSuccess: done("Rejected: nothing is deployed.") }));
  const override = useMutation(trpc.builds.overrideFreeze.mutationOptions({ onSuccess: done("Override recorded: the build runs.") }));
  const deployAnyway = useMutation(
    trpc.releases.deployAnyway.mutationOptions({ onSuccess: done("The build runs and replaces the rolled-back version.") }),
  );
  if (!gate.data) return null;
  const { approval, freeze, pinned } = gate.data;
  return (
    <div className="space-y-3">
      {pinned.held && (
        <div
          role="status"
          className={`${NOTICE} flex flex-wrap items-center justify-between gap-3 border-warning-200 bg-warning-50 text-warning-700`}
          data-testid="build-held-pinned"
        >
          <p>
            Waiting: this stage was rolled back instantly, so a push does not replace the rolled-back version by itself. It deploys when
            someone undoes the rollback or deploys it anyway; making the rollback permanent supersedes it.
          </p>
          {pinned.canDeployAnyway && (
            <ConfirmDialog
              trigger={
                <Button size="sm" variant="secondary" data-testid="build-deploy-anyway">
                  Deploy anyway
                </Button>
              }
              title="Deploy this build anyway?"
              description="It replaces the rolled-back version and ends the rollback."
              confirmLabel="Deploy anyway"
              danger
              onConfirm={() => deployAnyway.mutateAsync({ buildId: id }).then(() => undefined)}
            />
          )}
        </div>
      )}
      {approval.waiting && (
        <div
          role="status"
          className={`${NOTICE} flex flex-wrap items-center justify-between gap-3 border-warning-200 bg-warning-50 text-warning-700`}
          data-testid="build-needs-approval"
        >
          <p>
            {approval.reason === "fork"
              ? "Waiting for approval: this build is from a fork's pull request. Only when an admin approves does its code run with the stage's secret parameters and cloud access."
              : `Waiting for approval: this stage requires approval by ${approval.approvers} before a deploy.`}
            {approval.refusal && (
              <span className="block text-xs" data-testid="build-approval-refusal">
                {approval.refusal}
              </span>
            )}
          </p>
          {approval.canApprove && (
            <span className="flex gap-2">
              <Button loading={approve.isPending} onClick={() => approve.mutate({ id })} data-testid="build-approve">
                <ShieldCheck className="size-4" aria-hidden="true" />
                Approve
              </Button>
              <ConfirmDialog
                trigger={
                  <Button variant="danger" data-testid="build-reject">
                    <ShieldX className="size-4" aria-hidden="true" />
                    Reject
                  </Button>
                }
                title="Reject this build?"
                description="It ends as rejected and deploys nothing. The next push waits for approval again."
                confirmLabel="Reject"
                danger
                onConfirm={() => reject.mutateAsync({ id, reason }).then(() => undefined)}
              >
                <Field label="Reason (kept in the audit log)" optional>
                  <Input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} data-testid="build-reject-reason" />
                </Field>
              </ConfirmDialog>
            </span>
          )}
        </div>
      )}
      {approval.approvedBy && (
        <p className="text-sm text-fg-muted" data-testid="build-approved">
          Approved by {approval.approvedBy}.
        </p>
      )}
      {freeze.held && (
        <div
          role="status"
          className={`${NOTICE} flex flex-wrap items-center justify-between gap-3 border-accent-200 bg-accent-50 text-accent-700`}
          data-testid="build-frozen"
        >
          <p>
            <Snowflake className="mr-1 inline size-4" aria-hidden="true" />
            {freeze.message ?? "A deploy freeze held this build."}{" "}
            {freeze.until ? (
              <>
                It runs by itself when the freeze ends (<RelativeTime date={freeze.until} />
                ).
              </>
            ) : freeze.mode === "FAIL" ? (
              "Deploys fail during this freeze."
            ) : null}
          </p>
          {freeze.canOverride && (
            <ConfirmDialog
              trigger={
                <Button variant="secondary" data-testid="build-override">
                  Override freeze
                </Button>
              }
              title="Deploy this build during the freeze?"
              description="Only this build goes through. Your name and reason are kept in the audit log."
              confirmLabel="Override and deploy"
              onConfirm={() => override.mutateAsync({ id, reason }).then(() => undefined)}
            >
              <Field label="Reason" required>
                <Input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} data-testid="build-override-reason" />
              </Field>
            </ConfirmDialog>
          )}
        </div>
      )}
      {freeze.overriddenBy && (
        <p className="text-sm text-fg-muted" data-testid="build-freeze-overridden">
          Freeze overridden by {freeze.overriddenBy}: {freeze.overrideReason}
        </p>
      )}
    </div>
  );
}
