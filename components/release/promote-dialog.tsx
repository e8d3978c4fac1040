"use client";

import { useState } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { toast } from "sonner";
import { ArrowUpRight, Pin, ShieldAlert, ShieldCheck, Snowflake, TriangleAlert } from "lucide-react";
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
import { Textarea } from "@/components/ui/textarea";
import { ConfigChanges } from "./config-changes";
import { CommitSha } from "@/components/ui/commit-sha";

/**
 * Promote staging → prod. Before the button it says what ships: the services that deploy, the
 * commits (with authors), the configuration changes, the rules that will apply (approval, freeze,
 * prod's safeguards and known failures) and any rollback the promotion ends. With a service given,
 * the prod branch still receives the whole staging commit (git promotion is repo-wide) but only that
 * service deploys now; the others follow at the next prod deploy.
 */
export function PromoteDialog({
  slug,
  serviceId,
  serviceName,
  onDone,
}: {
  slug: string;
  serviceId?: string;
  serviceName?: string;
  onDone: (builds: { id: string }[]) => void;
}) {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState("");
  const [mergeReason, setMergeReason] = useState<string | null>(null);
  const blockers = useQuery(trpc.releases.blockers.queryOptions({ slug }, { enabled: open }));
  const plan = useQuery(trpc.releases.promotionPlan.queryOptions({ slug, serviceId }, { enabled: open }));
  const promote = useMutation(
    trpc.releases.promote.mutationOptions({
      onSuccess: (res) => {
        if (res.needsConfirmation === "merge") return setMergeReason(res.reason);
        // The worker pushes: the dialog closes into the release card, which follows the job live.
        setOpen(false);
        setMergeReason(null);
        toast.success("Promotion queued: the release below follows it live");
        onDone([]);
      },
    }),
  );
  const shipping = plan.data?.services.filter((s) => s.deploys) ?? [];
  const staying = plan.data?.services.filter((s) => !s.deploys) ?? [];
  const commits = plan.data?.commits ?? [];
  const b = blockers.data;
  const testid = serviceName ? `promote-open-${serviceName}` : "promote-open";
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        setMergeReason(null);
        promote.reset();
      }}
    >
      <DialogTrigger asChild>
        <Button variant={serviceName ? "secondary" : "accent"} size={serviceName ? "sm" : "md"} data-testid={testid}>
          <ArrowUpRight aria-hidden="true" />
          {serviceName ? "Promote this service" : "Promote staging → prod"}
        </Button>
      </DialogTrigger>
      <DialogContent className="max-w-2xl">
        <DialogHeader>
          <DialogTitle>Promote {serviceName ?? "staging"} to prod</DialogTitle>
          <DialogDescription>
            {serviceName
              ? `Merges the commit ${serviceName} runs on staging into the prod branch and deploys ${serviceName} only. Git promotion is repo-wide: other services' changes in that commit reach the prod branch too and deploy with the next prod deploy.`
              : "Merges the commit staging runs into the prod branch (a fast-forward when possible), pushes it, and deploys prod right away."}
          </DialogDescription>
        </DialogHeader>
        <DialogBody className="space-y-4">
          <section aria-label="Services that deploy" data-testid="promote-services">
            <h3 className="text-sm font-medium">Deploys to prod</h3>
            {plan.error && <p className="text-sm text-danger-700">{plan.error.message}</p>}
            {!plan.data ? (
              <p className="text-sm text-fg-muted">Reading what staging has…</p>
            ) : shipping.length === 0 ? (
              <p className="text-sm text-fg-muted">Nothing: prod already runs what staging runs.</p>
            ) : (
              <ul className="text-sm">
                {shipping.map((s) => (
                  <li key={s.id} data-testid={`promote-service-${s.name}`}>
                    <span className="font-medium">{s.name}</span>{" "}
                    <span className="text-fg-muted">
                      {s.prodSha ? <CommitSha sha={s.prodSha} /> : "nothing"} → <CommitSha sha={s.stagingSha!} />
                    </span>
                  </li>
                ))}
              </ul>
            )}
            {staying.length > 0 && (
              <p className="text-xs text-fg-muted" data-testid="promote-staying">
                Not deployed: {staying.map((s) => `${s.name} (${s.why})`).join(", ")}.
              </p>
            )}
          </section>
          {shipping
            .flatMap((s) => (s.pin ? [{ s, pin: s.pin }] : []))
            .map(({ s, pin }) => (
              <p
                key={s.id}
                className="flex gap-2 rounded-md border border-warning-200 bg-warning-50 px-3 py-2 text-sm text-warning-700"
                data-testid={`promote-pinned-${s.name}`}
              >
                <Pin className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
                <span>
                  {s.name} on prod is rolled back to <CommitSha sha={pin.serving.commitSha} />
                  {pin.from && (
                    <>
                      {" "}
                      from <CommitSha sha={pin.from.commitSha} />
                    </>
                  )}
                  . Promoting deploys staging&apos;s <CommitSha sha={s.stagingSha!} /> and ends the rollback
                  {pin.from?.commitSha === s.stagingSha ? " — that is the very commit prod was rolled back from." : "."}
                </span>
              </p>
            ))}
          {shipping.length > 0 && (
            <section aria-label="Commits" data-testid="promote-commits">
              <h3 className="text-sm font-medium">Commits ({commits.length})</h3>
              <ul className="max-h-40 overflow-y-auto text-sm text-fg-muted">
                {commits.map((c) => (
                  <li key={c.sha} data-testid="promote-commit">
                    <CommitSha sha={c.sha} /> {c.message} · <span className="text-fg">{c.author}</span>
                  </li>
                ))}
              </ul>
            </section>
          )}
          {shipping.length > 0 && (
            <section aria-label="Configuration changes" data-testid="promote-config">
              <h3 className="text-sm font-medium">Configuration changes</h3>
              {shipping.map((s) => (
                <div key={s.id} className="mt-1 space-y-1" data-testid={`promote-config-${s.name}`}>
                  {shipping.length > 1 && <p className="text-xs font-medium text-fg-muted">{s.name}</p>}
                  {s.yamlDiff.length > 0 ? (
                    <pre
                      className="max-h-40 overflow-auto rounded bg-subtle p-2 font-mono text-xs"
                      aria-label={`serverless.yml of ${s.name}`}
                      data-testid="promote-yaml-diff"
                    >
                      {s.yamlDiff.map((l, n) => (
                        <div
                          key={n}
                          className={l.startsWith("+") ? "text-success-700" : l.startsWith("-") ? "text-danger-700" : "text-fg-muted"}
                        >
                          {l}
                        </div>
                      ))}
                    </pre>
                  ) : (
                    <p className="text-xs text-fg-muted">serverless.yml unchanged.</p>
                  )}
                  {s.paramChanges.length > 0 ? (
                    <ConfigChanges changes={s.paramChanges} fromLabel="at prod's last deploy" toLabel="prod now" />
                  ) : (
                    <p className="text-xs text-fg-muted">Prod&apos;s parameters unchanged since its last deploy.</p>
                  )}
                </div>
              ))}
            </section>
          )}
          <section aria-label="Rules that apply" className="space-y-1 text-sm" data-testid="promote-rules">
            <h3 className="font-medium">Rules that apply</h3>
            {!b ? (
              <p className="text-fg-muted">Checking prod&apos;s rules…</p>
            ) : (
              <>
                {b.approval.required && (
                  <p className="flex gap-2" data-testid="promote-rule-approval">
                    <ShieldCheck className="mt-0.5 size-4 shrink-0 text-warning-700" aria-hidden="true" />
                    <span>
                      Prod requires approval by {b.approval.approvers}
                      {b.approval.selfApproval ? "" : " (not the change's author)"}: the prod build waits until approved.{" "}
                      {b.approval.youMayApprove ? "You may approve it." : "You cannot approve it yourself."}
                    </span>
                  </p>
                )}
                {b.freeze && (
                  <p className="flex gap-2 text-accent-700" data-testid="promote-rule-freeze">
                    <Snowflake className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
                    <span>
                      {b.freeze.message} Prod builds {b.freeze.mode === "WAIT" ? "wait until it ends" : "fail"} unless an admin overrides
                      them.
                    </span>
                  </p>
                )}
                {b.prodSafeguards.policies.length > 0 && (
                  <p className="flex gap-2" data-testid="promote-rule-safeguards">
                    <ShieldCheck className="mt-0.5 size-4 shrink-0 text-fg-muted" aria-hidden="true" />
                    <span>
                      Safeguards of {b.prodSafeguards.profile}:{" "}
                      {b.prodSafeguards.policies.map((p) => `${p.policy} (${p.level === "ERROR" ? "blocks" : "warns"})`).join(", ")}.
                    </span>
                  </p>
                )}
                {b.safeguards
                  .filter((s) => shipping.some((x) => x.name === s.service))
                  .map((s) => (
                    <p
                      key={`${s.buildId}-${s.policy}`}
                      className={`flex gap-2 ${s.level === "ERROR" ? "text-danger-700" : "text-warning-700"}`}
                      data-testid={`promote-rule-failure-${s.service}-${s.policy}`}
                    >
                      {s.level === "ERROR" ? (
                        <ShieldAlert className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
                      ) : (
                        <TriangleAlert className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
                      )}
                      <span>
                        {s.service} on {s.stage} (#{s.buildNumber}): {s.policy} {s.level === "ERROR" ? "failed" : "warned"} — {s.message}
                      </span>
                    </p>
                  ))}
                {!b.approval.required && !b.freeze && b.prodSafeguards.policies.length === 0 && b.safeguards.length === 0 && (
                  <p className="text-fg-muted" data-testid="promote-rule-none">
                    No approval, freeze or safeguard applies to prod.
                  </p>
                )}
              </>
            )}
          </section>
          <Field label="Why (kept in the history)">
            <Textarea value={note} onChange={(e) => setNote(e.target.value)} rows={2} data-testid="promote-note" />
          </Field>
          {mergeReason && (
            <p
              className="rounded-md border border-warning-200 bg-warning-50 px-3 py-2 text-sm text-warning-700"
              data-testid="promote-merge-warning"
            >
              {mergeReason} Continue?
            </p>
          )}
          {promote.error && (
            <p role="alert" className="text-sm text-danger-700" data-testid="promote-error">
              {promote.error.message}
            </p>
          )}
        </DialogBody>
        <DialogFooter>
          <Button variant="ghost" onClick={() => setOpen(false)}>
            Cancel
          </Button>
          <Button
            variant="accent"
            loading={promote.isPending}
            data-testid="promote-confirm"
            onClick={() => promote.mutate({ slug, serviceId, note: note || undefined, confirmMerge: mergeReason !== null })}
          >
            {mergeReason ? "Create merge commit and promote" : "Promote"}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
