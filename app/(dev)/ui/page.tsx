import type { Metadata } from "next";
import type { ReactNode } from "react";
import Link from "next/link";
import { GitBranch, Plus, Rocket, Search } from "lucide-react";
import { AppShell } from "@/components/shell/app-shell";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { Code, CodeBlock } from "@/components/ui/code";
import { CopyButton } from "@/components/ui/copy-button";
import { Duration } from "@/components/ui/duration";
import { EmptyState } from "@/components/ui/empty-state";
import { ExternalLink } from "@/components/ui/external-link";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { LiveDuration } from "@/components/ui/live-duration";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { Select } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { StatusBadge, type RunStatus } from "@/components/ui/status-badge";
import { TabNav } from "@/components/ui/tab-nav";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { Textarea } from "@/components/ui/textarea";
import { LogDemo, OverlayDemos, SwitchDemos, TabsDemo, ToastDemos } from "./demos";

export const metadata: Metadata = { title: "UI kit" };

const STATUSES: RunStatus[] = ["QUEUED", "PENDING", "RUNNING", "SUCCEEDED", "FAILED", "CANCELED", "SUPERSEDED", "SKIPPED"];

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="scroll-mt-32 border-t border-border pt-8">
      <h2 id={id} className="mb-4 text-base font-semibold text-fg">
        {title}
      </h2>
      {children}
    </section>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid items-center gap-3 py-2 sm:grid-cols-[9rem_1fr]">
      <div className="text-xs font-medium text-fg-subtle">{label}</div>
      <div className="flex flex-wrap items-center gap-2">{children}</div>
    </div>
  );
}

const SWATCHES = [
  ["canvas", "bg-canvas"],
  ["surface", "bg-surface"],
  ["subtle", "bg-subtle"],
  ["muted", "bg-muted"],
  ["border", "bg-border"],
  ["border-strong", "bg-border-strong"],
  ["fg-faint", "bg-fg-faint"],
  ["fg-subtle", "bg-fg-subtle"],
  ["fg-muted", "bg-fg-muted"],
  ["fg", "bg-fg"],
  ["accent-600", "bg-accent-600"],
  ["success-500", "bg-success-500"],
  ["warning-500", "bg-warning-500"],
  ["danger-500", "bg-danger-500"],
  ["log-bg", "bg-log-bg"],
] as const;

const BUILDS: { id: number; stage: string; branch: string; status: RunStatus; ms: number | null; ago: number }[] = [
  { id: 131, stage: "production", branch: "main", status: "RUNNING", ms: null, ago: 1 },
  { id: 130, stage: "staging", branch: "main", status: "SUCCEEDED", ms: 92_400, ago: 14 },
  { id: 129, stage: "pr-482", branch: "feat/checkout-v2", status: "FAILED", ms: 38_100, ago: 65 },
  { id: 128, stage: "staging", branch: "main", status: "SUPERSEDED", ms: 4_200, ago: 300 },
  { id: 127, stage: "production", branch: "main", status: "CANCELED", ms: 812, ago: 3000 },
];

export default function UiKitPage() {
  const now = Date.now();
  return (
    <AppShell
      orgName="Acme Inc."
      nav={[
        { href: "/apps", label: "Apps" },
        { href: "/profiles", label: "Profiles" },
        { href: "/members", label: "Members" },
        { href: "/audit", label: "Audit log" },
        { href: "/ui", label: "UI kit" },
      ]}
      user={{ name: "Ada Lovelace", email: "ada@acme.dev", role: "ADMIN" }}
    >
      <PageHeader
        breadcrumbs={[{ label: "Acme Inc.", href: "/" }, { label: "Developer" }, { label: "UI kit" }]}
        title="UI kit"
        description="Every primitive in components/ui, in every state."
        meta={
          <>
            <StatusBadge status="SUCCEEDED" />
            <span className="inline-flex items-center gap-1">
              <GitBranch className="size-3.5" aria-hidden="true" /> main
            </span>
            <Code>3f9c2ab</Code>
          </>
        }
        actions={
          <>
            <Button>Docs</Button>
            <Button variant="primary">
              <Plus /> New app
            </Button>
          </>
        }
      />

      <div className="flex flex-col gap-10 pb-24">
        <Section id="colours" title="Colours">
          <div className="grid grid-cols-3 gap-3 sm:grid-cols-5">
            {SWATCHES.map(([name, cls]) => (
              <div key={name} className="flex flex-col gap-1.5">
                <div className={`h-10 rounded-md border border-border ${cls}`} />
                <span className="font-mono text-xs text-fg-subtle">{name}</span>
              </div>
            ))}
          </div>
        </Section>

        <Section id="buttons" title="Button">
          <Row label="Variants">
            <Button variant="primary">Primary</Button>
            <Button variant="accent">Accent</Button>
            <Button variant="secondary">Secondary</Button>
            <Button variant="ghost">Ghost</Button>
            <Button variant="danger">Danger</Button>
          </Row>
          <Row label="Sizes">
            <Button size="sm">Small</Button>
            <Button size="md">Medium</Button>
            <Button size="lg">Large</Button>
            <Button size="icon" aria-label="Search">
              <Search />
            </Button>
            <Button size="icon-sm" variant="ghost" aria-label="Search (small)">
              <Search />
            </Button>
          </Row>
          <Row label="With icon">
            <Button variant="primary">
              <Rocket /> Deploy
            </Button>
            <Button>
              <Plus /> Add stage
            </Button>
          </Row>
          <Row label="Loading">
            <Button variant="primary" loading>
              Deploying
            </Button>
            <Button loading>Saving</Button>
            <Button variant="danger" loading>
              Deleting
            </Button>
          </Row>
          <Row label="Disabled">
            <Button variant="primary" disabled>
              Primary
            </Button>
            <Button disabled>Secondary</Button>
            <Button variant="ghost" disabled>
              Ghost
            </Button>
            <Button variant="danger" disabled>
              Danger
            </Button>
          </Row>
          <Row label="asChild (Link)">
            <Button asChild variant="secondary">
              <Link href="/apps">Go to apps</Link>
            </Button>
          </Row>
        </Section>

        <Section id="badges" title="Badge & StatusBadge">
          <Row label="Badge tones">
            <Badge>Neutral</Badge>
            <Badge tone="accent">Accent</Badge>
            <Badge tone="success">Success</Badge>
            <Badge tone="warning">Warning</Badge>
            <Badge tone="danger">Danger</Badge>
            <Badge tone="outline">Outline</Badge>
          </Row>
          <Row label="Status (md)">
            {STATUSES.map((s) => (
              <StatusBadge key={s} status={s} />
            ))}
          </Row>
          <Row label="Status (sm)">
            {STATUSES.map((s) => (
              <StatusBadge key={s} status={s} size="sm" />
            ))}
          </Row>
          <Row label="Icon only">
            {STATUSES.map((s) => (
              <StatusBadge key={s} status={s} iconOnly />
            ))}
          </Row>
        </Section>

        <Section id="cards" title="Card">
          <div className="grid gap-4 md:grid-cols-2">
            <Card>
              <CardHeader>
                <div>
                  <CardTitle>checkout-api</CardTitle>
                  <CardDescription>git@git.example.com:acme/checkout-api.git</CardDescription>
                </div>
                <StatusBadge status="RUNNING" />
              </CardHeader>
              <CardContent className="grid grid-cols-3 gap-4 text-sm">
                <div>
                  <div className="text-xs text-fg-subtle">Stages</div>
                  <div className="font-medium">4</div>
                </div>
                <div>
                  <div className="text-xs text-fg-subtle">Last deploy</div>
                  <RelativeTime date={new Date(now - 14 * 60_000)} className="font-medium" />
                </div>
                <div>
                  <div className="text-xs text-fg-subtle">Duration</div>
                  <Duration ms={92_400} className="font-medium" />
                </div>
              </CardContent>
            </Card>
            <Card>
              <CardHeader>
                <div>
                  <CardTitle>Danger zone</CardTitle>
                  <CardDescription>Irreversible actions.</CardDescription>
                </div>
              </CardHeader>
              <CardContent className="text-sm text-fg-muted">Deleting an app removes its stages, variables and build history.</CardContent>
              <CardFooter>
                <Button variant="danger">Delete app</Button>
              </CardFooter>
            </Card>
          </div>
        </Section>

        <Section id="forms" title="Form controls">
          <Card>
            <CardContent className="grid gap-5 md:grid-cols-2">
              <Field label="App name" hint="Shown in the dashboard and in notifications." required>
                <Input name="name" placeholder="checkout-api" />
              </Field>
              <Field label="Repository URL" error="Enter an https:// or ssh git URL." required>
                <Input name="repo" defaultValue="not a url" />
              </Field>
              <Field label="Region" hint="Default AWS region for new stages.">
                <Select
                  name="region"
                  placeholder="Choose a region"
                  options={[
                    { value: "eu-west-1", label: "eu-west-1 (Ireland)" },
                    { value: "us-east-1", label: "us-east-1 (N. Virginia)" },
                    { value: "ap-southeast-2", label: "ap-southeast-2 (Sydney)", disabled: true },
                  ]}
                />
              </Field>
              <Field label="Profile" error="Pick a deployment profile.">
                <Select name="profile" placeholder="Choose a profile" options={[{ value: "aws-prod", label: "aws-prod" }]} />
              </Field>
              <Field label="Build command" optional hint="Runs before the deploy step.">
                <Textarea name="command" mono defaultValue={"npm ci\nnpm run build"} />
              </Field>
              <Field label="Notes" error="Notes must be under 500 characters.">
                <Textarea name="notes" defaultValue="Too long…" />
              </Field>
              <Field label="Disabled input">
                <Input disabled defaultValue="Can't touch this" />
              </Field>
              <Field label="Read-only input" labelAside={<CopyButton value="slp_webhook_2f9a" label="Copy secret" />}>
                <Input readOnly defaultValue="slp_webhook_2f9a" className="font-mono" />
              </Field>
              <div className="flex flex-col gap-3">
                <Label>Checkboxes</Label>
                <Checkbox
                  name="prs"
                  label="Deploy pull requests"
                  description="Each PR gets its own stage, removed on merge."
                  defaultChecked
                />
                <Checkbox name="notify" label="Notify on failure" />
                <Checkbox name="locked" label="Disabled" disabled />
                <Checkbox aria-label="Bare checkbox" />
              </div>
              <div className="flex flex-col gap-3">
                <Label>Switches</Label>
                <SwitchDemos />
              </div>
            </CardContent>
            <CardFooter>
              <Button variant="ghost">Cancel</Button>
              <Button variant="primary">Save changes</Button>
            </CardFooter>
          </Card>
        </Section>

        <Section id="overlays" title="Dialog, ConfirmDialog, DropdownMenu, Tooltip, Toast">
          <div className="flex flex-col gap-4">
            <OverlayDemos />
            <ToastDemos />
          </div>
        </Section>

        <Section id="tabs" title="Tabs & TabNav">
          <div className="flex flex-col gap-8">
            <TabsDemo />
            <TabNav
              label="App sections"
              items={[
                { href: "/ui", label: "Overview", exact: true },
                { href: "/ui/builds", label: "Builds" },
                { href: "/ui/settings", label: "Settings" },
              ]}
            />
          </div>
        </Section>

        <Section id="table" title="Table">
          <Table>
            <THead>
              <Tr>
                <Th>Build</Th>
                <Th>Status</Th>
                <Th>Stage</Th>
                <Th>Branch</Th>
                <Th className="text-right">Duration</Th>
                <Th className="text-right">Started</Th>
              </Tr>
            </THead>
            <TBody>
              {BUILDS.map((b) => (
                <Tr key={b.id} interactive>
                  <Td className="font-medium">
                    <Link href={`/ui#build-${b.id}`} className="focus-ring rounded-sm hover:underline">
                      #{b.id}
                    </Link>
                  </Td>
                  <Td>
                    <StatusBadge status={b.status} size="sm" />
                  </Td>
                  <Td>{b.stage}</Td>
                  <Td>
                    <Code>{b.branch}</Code>
                  </Td>
                  <Td className="text-right text-fg-muted">
                    {b.ms === null ? <LiveDuration since={new Date(now - 47_000)} /> : <Duration ms={b.ms} />}
                  </Td>
                  <Td className="text-right text-fg-muted">
                    <RelativeTime date={new Date(now - b.ago * 60_000)} />
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        </Section>

        <Section id="empty" title="EmptyState & Skeleton">
          <div className="grid gap-4 md:grid-cols-2">
            <EmptyState
              icon={Rocket}
              title="No apps yet"
              description="Connect a git repository with a serverless.yml to start deploying."
              action={
                <Button variant="primary">
                  <Plus /> New app
                </Button>
              }
            />
            <Card>
              <CardContent className="flex flex-col gap-3">
                <Skeleton className="h-4 w-40" />
                <Skeleton className="h-3 w-64" />
                <Skeleton className="h-3 w-52" />
                <div className="flex gap-2 pt-2">
                  <Skeleton className="h-8 w-24" />
                  <Skeleton className="h-8 w-20" />
                </div>
              </CardContent>
            </Card>
          </div>
        </Section>

        <Section id="time" title="RelativeTime, Duration, LiveDuration">
          <Row label="RelativeTime">
            <RelativeTime date={new Date(now - 20_000)} />
            <span className="text-fg-faint">·</span>
            <RelativeTime date={new Date(now - 3 * 60_000)} />
            <span className="text-fg-faint">·</span>
            <RelativeTime date={new Date(now - 26 * 3_600_000).toISOString()} />
            <span className="text-fg-faint">·</span>
            <RelativeTime date="not a date" />
          </Row>
          <Row label="Duration">
            {[850, 12_300, 72_000, 3_720_000].map((ms) => (
              <Badge key={ms} tone="outline">
                <Duration ms={ms} />
              </Badge>
            ))}
            <Duration ms={null} />
          </Row>
          <Row label="LiveDuration">
            <LiveDuration since={new Date(now - 65_000)} />
          </Row>
        </Section>

        <Section id="code" title="Code, CodeBlock, CopyButton, ExternalLink">
          <div className="flex flex-col gap-4">
            <p className="text-sm text-fg-muted">
              Set <Code>SLIPWAY_STAGE</Code> in your <Code>serverless.yml</Code> and read the{" "}
              <ExternalLink href="https://www.serverless.com/framework/docs">Serverless docs</ExternalLink>.
            </p>
            <CodeBlock title="Webhook URL">{"https://slipway.acme.dev/api/webhooks/git/app_8f2k1"}</CodeBlock>
            <CodeBlock>{"npx serverless deploy --stage staging\nnpx serverless info --stage staging"}</CodeBlock>
            <div className="flex items-center gap-2">
              <CopyButton value="3f9c2ab" />
              <CopyButton value="3f9c2ab" label="Copy SHA" showLabel />
            </div>
          </div>
        </Section>

        <Section id="log" title="LogView">
          <LogDemo />
        </Section>
      </div>
    </AppShell>
  );
}
