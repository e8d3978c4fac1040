"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { useMutation, useQuery } from "@tanstack/react-query";
import { toast } from "sonner";
import { Rocket } from "lucide-react";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { CommitSha } from "@/components/ui/commit-sha";
import { Code } from "@/components/ui/code";
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
import { RelativeTime } from "@/components/ui/relative-time";
import { Select } from "@/components/ui/select";

/** "Deploy a branch now": builds the branch head as if it had just been pushed; the dialog says which commit goes to which stage first. */
export function DeployBranchButton({ slug, branches }: { slug: string; branches: string[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [branch, setBranch] = useState(branches.includes("master") ? "master" : (branches[0] ?? ""));
  const targets = useQuery({ ...trpc.apps.deployTargets.queryOptions({ slug }), enabled: open });
  const deploy = useMutation(
    trpc.apps.deployBranch.mutationOptions({
      onSuccess: (builds) => {
        setOpen(false);
        toast.success(builds.length ? `Queued ${builds.length} build(s)` : "Nothing to build: every service is up to date.");
        if (builds[0]) router.push(`/builds/${builds[0].id}`);
      },
    }),
  );
  const names = targets.data?.branches.map((b) => b.branch) ?? branches;
  const chosen = targets.data?.branches.find((b) => b.branch === branch);
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (!o) deploy.reset();
      }}
    >
      <DialogTrigger asChild>
        <Button variant="secondary" data-testid="deploy-branch-open">
          <Rocket className="size-4" aria-hidden="true" />
          Deploy branch
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Deploy a branch</DialogTitle>
          <DialogDescription>Builds the branch’s latest commit for the stage each service maps it to, as a push would.</DialogDescription>
        </DialogHeader>
        <DialogBody>
          <form
            id="deploy-branch-form"
            className="space-y-4"
            onSubmit={(e) => {
              e.preventDefault();
              deploy.mutate({ slug, branch });
            }}
          >
            <Field label="Branch" error={deploy.error?.message}>
              <Select
                value={branch}
                onChange={(e) => {
                  setBranch(e.target.value);
                  deploy.reset();
                }}
                data-testid="deploy-branch-select"
              >
                {names.map((b) => (
                  <option key={b} value={b}>
                    {b}
                  </option>
                ))}
              </Select>
            </Field>
            <div
              className="space-y-3 rounded-lg border border-border bg-subtle/50 p-3 text-sm"
              aria-live="polite"
              data-testid="deploy-branch-summary"
            >
              {targets.isPending ? (
                <p className="text-fg-muted">Reading the branches…</p>
              ) : targets.error ? (
                <p className="text-fg-muted">{targets.error.message}</p>
              ) : !chosen ? (
                <p className="text-fg-muted">Slipway has not seen this branch yet.</p>
              ) : (
                <>
                  <div data-testid="deploy-branch-head">
                    <p className="text-xs font-semibold uppercase tracking-wide text-fg-muted">Head commit</p>
                    <p>
                      <CommitSha sha={chosen.head.sha} url={chosen.head.url} /> {chosen.head.message ?? ""}
                      {chosen.head.author && <span className="text-fg-muted"> · {chosen.head.author}</span>}
                      {chosen.head.date && (
                        <span className="text-fg-muted">
                          {" "}
                          · <RelativeTime date={chosen.head.date} />
                        </span>
                      )}
                    </p>
                  </div>
                  <div data-testid="deploy-branch-targets">
                    <p className="text-xs font-semibold uppercase tracking-wide text-fg-muted">Deploys to</p>
                    {chosen.targets.length === 0 ? (
                      <p className="text-warning-700">No service deploys this branch: it has no branch rule and previews are off.</p>
                    ) : (
                      <ul>
                        {chosen.targets.map((t) => (
                          <li key={t.stage} data-testid={`deploy-branch-target-${t.stage}`}>
                            <Code>{t.stage}</Code> {t.kind === "preview" ? "(preview)" : ""} — {t.services.join(", ")}
                          </li>
                        ))}
                      </ul>
                    )}
                  </div>
                </>
              )}
            </div>
          </form>
        </DialogBody>
        <DialogFooter>
          <Button variant="ghost" onClick={() => setOpen(false)}>
            Cancel
          </Button>
          <Button
            type="submit"
            form="deploy-branch-form"
            loading={deploy.isPending}
            disabled={!branch || chosen?.targets.length === 0}
            data-testid="deploy-branch-submit"
          >
            {chosen && chosen.targets.length > 0 ? `Deploy ${branch} to ${chosen.targets.map((t) => t.stage).join(", ")}` : "Deploy"}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
