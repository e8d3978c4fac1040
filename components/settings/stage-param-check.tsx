"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { TriangleAlert } from "lucide-react";
import { useTRPC } from "@/components/trpc/client";
import { Badge } from "@/components/ui/badge";
import { Code } from "@/components/ui/code";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";

const ORIGIN = {
  profile: "profile",
  app: "app override",
  "app-stage": "stage override",
  "file-stage": "serverless.yml params (this stage)",
  "file-default": "serverless.yml params.default",
  fallback: "default in the variable",
} as const;

type Check = { stage: string; profile: { name: string } | null; missing: Array<{ service: string; key: string }> };

function missingText(c: Check) {
  const byService = new Map<string, string[]>();
  for (const m of c.missing) byService.set(m.service, [...(byService.get(m.service) ?? []), m.key]);
  return [...byService].map(([service, keys]) => ({ service, keys }));
}

function useParamCheck(slug: string, stage: string) {
  const trpc = useTRPC();
  return useQuery({ ...trpc.parameters.check.queryOptions({ appSlug: slug, stage }), retry: false });
}

/**
 * A warning, before the first deploy fails: parameters the stage's services reference that no level
 * holds. Shows nothing when all are there, or to a role that cannot read profiles.
 */
export function StageParamWarning({ slug, stage, compact = false }: { slug: string; stage: string; compact?: boolean }) {
  const q = useParamCheck(slug, stage);
  if (!q.data || q.data.missing.length === 0) return null;
  const groups = missingText(q.data);
  return (
    <div
      role="status"
      className={
        compact
          ? "flex items-start gap-1.5 text-xs text-warning-700"
          : "flex items-start gap-2 rounded-lg border border-warning-200 bg-warning-50 px-4 py-3 text-sm text-warning-700"
      }
      data-testid={`param-warning-${stage}`}
    >
      <TriangleAlert className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
      <p>
        {compact ? (
          "A deploy here would fail: "
        ) : (
          <>
            <strong>A deploy to {stage} would fail:</strong>{" "}
          </>
        )}
        {groups.map((g, i) => (
          <span key={g.service}>
            {i > 0 && "; "}
            {g.service} needs{" "}
            {g.keys.map((k, j) => (
              <span key={k}>
                {j > 0 && ", "}
                <Code>{k}</Code>
              </span>
            ))}
          </span>
        ))}{" "}
        —{" "}
        {q.data.profile ? (
          <>
            profile <strong>{q.data.profile.name}</strong>, the app and the stage have no such parameter
          </>
        ) : (
          "the stage has no profile"
        )}
        .
        {!compact && (
          <>
            {" "}
            Add {groups.length > 1 || groups[0].keys.length > 1 ? "them" : "it"} to the profile or as an override in the{" "}
            <Link href={`/apps/${slug}/settings/parameters`} className="underline">
              app&apos;s parameters
            </Link>
            .
          </>
        )}
      </p>
    </div>
  );
}

/** "What will a stage see?", per service: every `${param:}` its serverless.yml uses and where the value comes from. */
export function StageParamCheck({ slug, stage }: { slug: string; stage: string }) {
  const q = useParamCheck(slug, stage);
  if (q.isPending) return <p className="text-sm text-fg-muted">Reading each service&apos;s serverless.yml…</p>;
  if (q.error)
    return (
      <p role="alert" className="text-sm text-danger-700">
        {q.error.message}
      </p>
    );
  return (
    <div className="space-y-4" data-testid="stage-param-check">
      <StageParamWarning slug={slug} stage={stage} />
      {q.data.services.map((s) => (
        <div key={s.service} data-testid={`param-check-${s.service}`}>
          <h4 className="text-sm font-medium">
            {s.service}{" "}
            <span className="font-normal text-fg-muted">
              · <Code>{s.file}</Code>
              {s.branch ? (
                <>
                  {" "}
                  on <Code>{s.branch}</Code>
                </>
              ) : null}
            </span>
          </h4>
          {s.problem ? (
            <p className="text-sm text-warning-700">Not checked: {s.problem}</p>
          ) : s.params.length === 0 ? (
            <p className="text-sm text-fg-muted">
              Uses no <Code>{"${param:…}"}</Code>.
            </p>
          ) : (
            <Table>
              <THead>
                <Tr>
                  <Th>Parameter</Th>
                  <Th>Used at</Th>
                  <Th>Comes from</Th>
                </Tr>
              </THead>
              <TBody>
                {s.params.map((p) => (
                  <Tr key={p.key} data-testid={`param-check-${s.service}-${p.key}`}>
                    <Td>
                      <Code>{p.key}</Code>
                      {p.secret && <Badge className="ml-2">secret</Badge>}
                    </Td>
                    <Td className="font-mono text-xs text-fg-muted">{p.at}</Td>
                    <Td>
                      {p.origin ? (
                        <Badge tone={p.origin === "profile" ? "neutral" : "accent"}>{ORIGIN[p.origin]}</Badge>
                      ) : (
                        <Badge tone="danger">missing</Badge>
                      )}
                    </Td>
                  </Tr>
                ))}
              </TBody>
            </Table>
          )}
        </div>
      ))}
    </div>
  );
}
