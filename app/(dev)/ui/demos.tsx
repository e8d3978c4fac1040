"use client";

import { useEffect, useState } from "react";
import { toast } from "sonner";
import { Copy, MoreHorizontal, Pencil, RotateCcw, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import {
  Dialog,
  DialogBody,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { LogView } from "@/components/ui/log-view";
import { Switch } from "@/components/ui/switch";
import { Label } from "@/components/ui/label";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { Tooltip } from "@/components/ui/tooltip";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function OverlayDemos() {
  return (
    <div className="flex flex-wrap items-center gap-3">
      <Dialog>
        <DialogTrigger asChild>
          <Button>Open dialog</Button>
        </DialogTrigger>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Add a stage</DialogTitle>
            <DialogDescription>Stages map a branch to a deployment profile.</DialogDescription>
          </DialogHeader>
          <DialogBody className="flex flex-col gap-4 pb-0">
            <Field label="Stage name" hint="Lowercase letters, digits and dashes.">
              <Input name="stage" placeholder="staging" />
            </Field>
            <Field label="Branch">
              <Input name="branch" defaultValue="main" />
            </Field>
          </DialogBody>
          <DialogFooter>
            <DialogClose asChild>
              <Button>Cancel</Button>
            </DialogClose>
            <Button variant="primary">Add stage</Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>

      <ConfirmDialog
        trigger={<Button variant="danger">Delete app…</Button>}
        title="Delete checkout-api?"
        description="This removes the app, its stages and build history. Deployed stacks are not removed."
        confirmLabel="Delete app"
        danger
        confirmText="checkout-api"
        onConfirm={async () => {
          await sleep(900);
          toast.success("App deleted");
        }}
      />

      <ConfirmDialog
        trigger={<Button>Cancel build…</Button>}
        title="Cancel build #128?"
        description="The running step is stopped; a partial deploy may be left behind."
        confirmLabel="Cancel build"
        cancelLabel="Keep running"
        onConfirm={async () => {
          await sleep(700);
          throw new Error("The build finished before it could be canceled.");
        }}
      />

      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button variant="ghost" size="icon" aria-label="Build actions">
            <MoreHorizontal />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent>
          <DropdownMenuLabel>Build #128</DropdownMenuLabel>
          <DropdownMenuItem onSelect={() => toast("Redeploy queued")}>
            <RotateCcw /> Redeploy
          </DropdownMenuItem>
          <DropdownMenuItem onSelect={() => toast.info("Commit SHA copied")}>
            <Copy /> Copy commit SHA
          </DropdownMenuItem>
          <DropdownMenuItem disabled>
            <Pencil /> Rename (disabled)
          </DropdownMenuItem>
          <DropdownMenuSeparator />
          <DropdownMenuItem danger onSelect={() => toast.error("Stage removed")}>
            <Trash2 /> Remove stage
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>

      <Tooltip content="Deploys the latest commit of main">
        <Button variant="secondary">Hover for tooltip</Button>
      </Tooltip>
    </div>
  );
}

export function ToastDemos() {
  return (
    <div className="flex flex-wrap gap-2">
      <Button size="sm" onClick={() => toast("Build queued", { description: "checkout-api · staging" })}>
        Default toast
      </Button>
      <Button size="sm" onClick={() => toast.success("Profile saved")}>
        Success toast
      </Button>
      <Button size="sm" onClick={() => toast.error("Could not reach the git remote")}>
        Error toast
      </Button>
    </div>
  );
}

export function SwitchDemos() {
  const [on, setOn] = useState(true);
  return (
    <div className="flex flex-col gap-3">
      <div className="flex items-center gap-2">
        <Switch id="auto-deploy" checked={on} onCheckedChange={setOn} />
        <Label htmlFor="auto-deploy">Auto-deploy on push ({on ? "on" : "off"})</Label>
      </div>
      <div className="flex items-center gap-2">
        <Switch id="switch-off" />
        <Label htmlFor="switch-off">Require approval</Label>
      </div>
      <div className="flex items-center gap-2">
        <Switch id="switch-disabled" disabled defaultChecked />
        <Label htmlFor="switch-disabled">Disabled</Label>
      </div>
    </div>
  );
}

export function TabsDemo() {
  return (
    <Tabs defaultValue="overview">
      <TabsList>
        <TabsTrigger value="overview">Overview</TabsTrigger>
        <TabsTrigger value="builds">Builds</TabsTrigger>
        <TabsTrigger value="settings">Settings</TabsTrigger>
        <TabsTrigger value="disabled" disabled>
          Disabled
        </TabsTrigger>
      </TabsList>
      <TabsContent value="overview" className="text-sm text-fg-muted">
        Overview panel content.
      </TabsContent>
      <TabsContent value="builds" className="text-sm text-fg-muted">
        Builds panel content.
      </TabsContent>
      <TabsContent value="settings" className="text-sm text-fg-muted">
        Settings panel content.
      </TabsContent>
    </Tabs>
  );
}

const E = "\u001b[";
const SAMPLE = [
  `${E}2m$ ${E}0mgit clone --depth 1 https://git.example.com/acme/checkout-api.git`,
  "Cloning into 'checkout-api'...",
  `${E}2m$ ${E}0mnpm ci`,
  `${E}33mnpm WARN${E}0m deprecated inflight@1.0.6: This module is not supported`,
  "added 812 packages in 14s",
  `${E}2m$ ${E}0mnpx serverless deploy --stage staging --region eu-west-1`,
  `${E}1mDeploying ${E}36mcheckout-api${E}39m to stage ${E}36mstaging${E}39m (eu-west-1)${E}0m`,
  "",
  `${E}32m✔${E}0m Service deployed to stack checkout-api-staging ${E}2m(92s)${E}0m`,
  `${E}38;5;208mpalette orange${E}0m · ${E}38;2;167;139;250mtruecolor violet${E}0m · ${E}4munderline${E}0m · ${E}3mitalic${E}0m · ${E}41;97m inverse-ish ${E}0m`,
  `${E}31mError:${E}0m ${E}1mThe security token included in the request is invalid.${E}0m`,
  "A very long line that should wrap onto the next row instead of forcing a horizontal scrollbar: " +
    "arn:aws:cloudformation:eu-west-1:123456789012:stack/checkout-api-staging/0f1e2d3c-4b5a-6978-8899-aabbccddeeff",
  "<script>alert('not html')</script> is printed as text",
  "Progress 10%\rProgress 55%\rProgress 100%",
];

export function LogDemo() {
  const [lines, setLines] = useState<string[]>(SAMPLE);
  const [streaming, setStreaming] = useState(false);

  useEffect(() => {
    if (!streaming) return;
    let n = 0;
    const timer = setInterval(() => {
      setLines((prev) => [
        ...prev,
        ...Array.from({ length: 5 }, () => {
          n += 1;
          return `${E}2m${new Date().toISOString()}${E}0m  ${E}34mINFO${E}0m  streamed line ${n}`;
        }),
      ]);
    }, 250);
    return () => clearInterval(timer);
  }, [streaming]);

  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap gap-2">
        <Button size="sm" onClick={() => setStreaming((s) => !s)}>
          {streaming ? "Stop streaming" : "Stream lines"}
        </Button>
        <Button
          size="sm"
          onClick={() =>
            setLines((prev) => [
              ...prev,
              ...Array.from({ length: 10_000 }, (_, i) => `${E}36m[bulk]${E}0m line ${prev.length + i + 1} ${"·".repeat(i % 40)}`),
            ])
          }
        >
          Append 10,000 lines
        </Button>
        <Button size="sm" variant="ghost" onClick={() => setLines(SAMPLE)}>
          Reset
        </Button>
        <span className="self-center text-xs text-fg-subtle tabular-nums">{lines.length.toLocaleString("en")} lines</span>
      </div>
      <LogView lines={lines} className="h-80" />
      <LogView lines={[]} className="h-20" label="Empty log" />
    </div>
  );
}
