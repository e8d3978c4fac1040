"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { useMutation } from "@tanstack/react-query";
import { toast } from "sonner";
import { Rocket } from "lucide-react";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/select";

/** "Deploy a branch now": builds the branch head as if it had just been pushed. */
export function DeployBranchButton({ slug, branches }: { slug: string; branches: string[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [branch, setBranch] = useState(branches.includes("master") ? "master" : (branches[0] ?? ""));
  const deploy = useMutation(
    trpc.apps.deployBranch.mutationOptions({
      onSuccess: (builds) => {
        setOpen(false);
        toast.success(builds.length ? `Queued ${builds.length} build(s)` : "Nothing to build: every service is up to date.");
        if (builds[0]) router.push(`/builds/${builds[0].id}`);
      },
    }),
  );
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="secondary" data-testid="deploy-branch-open"><Rocket className="size-4" aria-hidden="true" />Deploy branch</Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Deploy a branch</DialogTitle>
          <DialogDescription>Builds the branch’s latest commit for the stage it maps to (master → staging, prod → prod, others → a preview stage).</DialogDescription>
        </DialogHeader>
        <Field label="Branch" error={deploy.error?.message}>
          <Select value={branch} onChange={(e) => setBranch(e.target.value)} data-testid="deploy-branch-select">
            {branches.map((b) => <option key={b} value={b}>{b}</option>)}
          </Select>
        </Field>
        <DialogFooter>
          <Button variant="ghost" onClick={() => setOpen(false)}>Cancel</Button>
          <Button loading={deploy.isPending} disabled={!branch} onClick={() => deploy.mutate({ slug, branch })} data-testid="deploy-branch-submit">Deploy</Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
