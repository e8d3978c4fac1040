"use client";

import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";
import { PageError } from "@/components/ui/page-error";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { Select } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { actionLabel, fieldChanges } from "./audit-changes";

/** The org's audit log: who changed what and when, before → after (secrets redacted), filterable. */
export function AuditLog() {
  const trpc = useTRPC();
  const [action, setAction] = useState("");
  const [actorId, setActorId] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [cursors, setCursors] = useState<string[]>([]);
  const input = {
    action: action || undefined,
    actorId: actorId || undefined,
    from: from ? new Date(`${from}T00:00:00`) : undefined,
    to: to ? new Date(`${to}T23:59:59.999`) : undefined,
    cursor: cursors.at(-1),
  };
  const log = useQuery(trpc.audit.list.queryOptions(input));
  const reset =
    <T,>(fn: (v: T) => void) =>
    (v: T) => {
      setCursors([]);
      fn(v);
    };
  return (
    <div className="space-y-6">
      <PageHeader title="Audit log" description="Every change to settings, members and deployments." />
      <div className="flex flex-wrap items-end gap-3" data-testid="audit-filters">
        <Field label="Action" className="w-56">
          <Select value={action} onChange={(e) => reset(setAction)(e.target.value)} data-testid="audit-action">
            <option value="">All actions</option>
            {log.data?.actions.map((a) => (
              <option key={a} value={a}>
                {actionLabel(a)}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Actor" className="w-56">
          <Select value={actorId} onChange={(e) => reset(setActorId)(e.target.value)} data-testid="audit-actor">
            <option value="">Everyone</option>
            {log.data?.actors.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="From">
          <Input type="date" value={from} onChange={(e) => reset(setFrom)(e.target.value)} data-testid="audit-from" />
        </Field>
        <Field label="To">
          <Input type="date" value={to} onChange={(e) => reset(setTo)(e.target.value)} data-testid="audit-to" />
        </Field>
      </div>
      {log.isPending ? (
        <Skeleton className="h-40 w-full" />
      ) : log.error ? (
        <PageError inline error={log.error} onRetry={() => log.refetch()} data-testid="audit-error" />
      ) : (
        <>
          <Table data-testid="audit-table">
            <THead>
              <Tr>
                <Th>When</Th>
                <Th>Who</Th>
                <Th>Action</Th>
                <Th>Target</Th>
                <Th>Change</Th>
              </Tr>
            </THead>
            <TBody>
              {log.data.events.length === 0 && (
                <Tr>
                  <Td colSpan={5} className="text-fg-subtle">
                    No events match.
                  </Td>
                </Tr>
              )}
              {log.data.events.map((e) => (
                <Tr key={e.id} data-testid="audit-row">
                  <Td className="whitespace-nowrap">
                    <RelativeTime date={e.createdAt} />
                  </Td>
                  <Td>{e.actor?.name ?? "system"}</Td>
                  <Td>
                    <div data-testid="audit-action-label">{actionLabel(e.action)}</div>
                    <code className="font-mono text-[11px] text-fg-subtle">{e.action}</code>
                  </Td>
                  <Td className="break-all">{e.target}</Td>
                  <Td className="max-w-md text-xs">
                    <ul className="space-y-0.5" data-testid="audit-changes">
                      {fieldChanges(e.before, e.after).map((c) => (
                        <li key={c.field} className="break-words" data-testid="audit-change">
                          <span className="font-medium text-fg">{c.field}</span>{" "}
                          {c.before !== undefined && <span className="text-danger-700 line-through decoration-danger-300">{c.before}</span>}
                          {c.before !== undefined && c.after !== undefined && <span className="text-fg-subtle"> → </span>}
                          {c.after !== undefined && <span className="text-success-700">{c.after}</span>}
                        </li>
                      ))}
                    </ul>
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
          <div className="flex gap-2">
            <Button size="sm" disabled={cursors.length === 0} onClick={() => setCursors(cursors.slice(0, -1))}>
              Newer
            </Button>
            <Button size="sm" disabled={!log.data.nextCursor} onClick={() => setCursors([...cursors, log.data.nextCursor!])}>
              Older
            </Button>
          </div>
        </>
      )}
    </div>
  );
}
