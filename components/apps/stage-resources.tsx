"use client";

import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Database, HardDrive } from "lucide-react";
import { useTRPC } from "@/components/trpc/client";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Code } from "@/components/ui/code";
import { Table, THead, TBody, Tr, Th, Td } from "@/components/ui/table";
import { LocalTime } from "@/components/ui/relative-time";

type Resource = {
  id: string;
  instanceId: string;
  logicalId: string;
  type: string;
  name: string;
  arn: string;
  retain: boolean;
  retainedAt: Date | string | null;
};

/** The local cloud's tables and buckets of one service at this stage, each with a read-only look at its data. */
export function StageResources({ slug, stage, instanceId }: { slug: string; stage: string; instanceId: string }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.localResources.list.queryOptions({ appSlug: slug, stage }, { refetchInterval: 5000 }));
  const mine = (q.data ?? []).filter((r) => r.instanceId === instanceId);
  if (mine.length === 0) return null;
  return (
    <div data-testid="stage-resources">
      <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-fg-muted">Local cloud resources</h3>
      <ul className="space-y-2">
        {mine.map((r) => (
          <ResourceRow key={r.id} resource={r} />
        ))}
      </ul>
    </div>
  );
}

function ResourceRow({ resource: r }: { resource: Resource }) {
  const [open, setOpen] = useState(false);
  const isTable = r.type === "AWS::DynamoDB::Table";
  return (
    <li className="rounded-md border border-border p-2" data-testid={`resource-${r.logicalId}`}>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        {isTable ? <Database className="size-4 text-fg-muted" aria-hidden /> : <HardDrive className="size-4 text-fg-muted" aria-hidden />}
        <span className="font-mono font-medium" data-testid="resource-name">
          {r.name}
        </span>
        <span className="text-fg-muted">
          {r.logicalId} · {isTable ? "DynamoDB table" : "S3 bucket"}
        </span>
        {r.retainedAt ? (
          <Badge tone="warning">retained after remove</Badge>
        ) : r.retain ? (
          <Badge tone="outline">DeletionPolicy: Retain</Badge>
        ) : null}
        <Button
          size="sm"
          variant="ghost"
          className="ml-auto"
          onClick={() => setOpen((o) => !o)}
          aria-expanded={open}
          data-testid="resource-toggle"
        >
          {open ? "Hide data" : isTable ? "Show items" : "Show objects"}
        </Button>
      </div>
      <p className="mt-1 text-xs text-fg-muted">
        <Code>{r.arn}</Code>
      </p>
      {open && <ResourceData id={r.id} />}
    </li>
  );
}

function ResourceData({ id }: { id: string }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.localResources.peek.queryOptions({ resourceId: id }, { refetchInterval: 5000 }));
  if (q.isPending) return <p className="mt-2 text-sm text-fg-muted">Loading…</p>;
  if (q.error)
    return (
      <p className="mt-2 text-sm text-danger-700" data-testid="resource-error">
        {q.error.message}
      </p>
    );
  const d = q.data;
  if (d.kind === "table") {
    if (d.rows.length === 0)
      return (
        <p className="mt-2 text-sm text-fg-muted" data-testid="resource-empty">
          No items yet.
        </p>
      );
    return (
      <div className="mt-2" data-testid="resource-items">
        <p className="mb-1 text-xs text-fg-muted">First {d.rows.length} item(s), read-only.</p>
        <Table>
          <THead>
            <Tr>
              {d.columns.map((c) => (
                <Th key={c} className="font-mono">
                  {c}
                </Th>
              ))}
            </Tr>
          </THead>
          <TBody>
            {d.rows.map((row, i) => (
              <Tr key={i}>
                {d.columns.map((c) => (
                  <Td key={c} className="font-mono text-xs">
                    {row[c] ?? ""}
                  </Td>
                ))}
              </Tr>
            ))}
          </TBody>
        </Table>
      </div>
    );
  }
  if (d.objects.length === 0)
    return (
      <p className="mt-2 text-sm text-fg-muted" data-testid="resource-empty">
        No objects yet.
      </p>
    );
  return (
    <div className="mt-2" data-testid="resource-items">
      <Table>
        <THead>
          <Tr>
            <Th>Key</Th>
            <Th>Size</Th>
            <Th>Last modified</Th>
          </Tr>
        </THead>
        <TBody>
          {d.objects.map((o) => (
            <Tr key={o.key}>
              <Td className="font-mono text-xs">{o.key}</Td>
              <Td>{o.size} B</Td>
              <Td>{o.lastModified ? <LocalTime date={o.lastModified} /> : ""}</Td>
            </Tr>
          ))}
        </TBody>
      </Table>
    </div>
  );
}
