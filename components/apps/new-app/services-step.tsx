"use client";

import { useEffect, useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { CircleAlert } from "lucide-react";
import { useTRPC } from "@/components/trpc/client";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { Code } from "@/components/ui/code";
import { Input } from "@/components/ui/input";
import { testIdFor, type DetectedService, type PickedService } from "./types";

/**
 * Step 3: the serverless files found on the default branch. Readable ones start picked; each keeps
 * the guide's defaults (previews for other branches, master → staging, prod → prod, its folder as
 * trigger path) and may add shared folders. Broken files are listed with their error.
 */
export function ServicesStep({
  repositoryId,
  picked,
  setPicked,
}: {
  repositoryId: string;
  picked: Record<string, PickedService>;
  setPicked: (p: Record<string, PickedService>) => void;
}) {
  const trpc = useTRPC();
  const detect = useMutation(trpc.repositories.detect.mutationOptions());
  const [offset, setOffset] = useState(0);
  const { mutate } = detect;
  useEffect(() => mutate({ repositoryId, offset }), [mutate, repositoryId, offset]);
  const [initialised, setInitialised] = useState(false);
  useEffect(() => {
    if (!detect.data || initialised) return;
    setInitialised(true);
    const start: Record<string, PickedService> = {};
    for (const s of detect.data.services)
      if (s.resolvable && !s.error && s.name) start[s.folder] = { name: s.name, folder: s.folder, sharedPaths: "", previews: true };
    setPicked(start);
  }, [detect.data, initialised, setPicked]);
  const data = detect.data;
  const toggle = (s: DetectedService, on: boolean) => {
    const next = { ...picked };
    if (on && s.name) next[s.folder] = { name: s.name, folder: s.folder, sharedPaths: "", previews: true };
    else delete next[s.folder];
    setPicked(next);
  };
  const update = (folder: string, patch: Partial<PickedService>) => setPicked({ ...picked, [folder]: { ...picked[folder], ...patch } });
  return (
    <Card data-testid="services-step">
      <CardHeader>
        <div>
          <CardTitle>3. Services</CardTitle>
          <CardDescription>
            Found on {data ? <Code>{data.branch}</Code> : "the default branch"}. Each picked service gets previews for pull requests and
            other branches (stage = branch name, destroyed with the branch), master → staging, prod → prod, and builds when its folder
            changes.
          </CardDescription>
        </div>
      </CardHeader>
      <CardContent className="space-y-3">
        {detect.isPending && <p className="text-sm text-fg-muted">Scanning the repository…</p>}
        {detect.error && (
          <p role="alert" className="text-sm text-danger-700">
            {detect.error.message}
          </p>
        )}
        {data && data.total === 0 && (
          <p className="text-sm text-fg-muted" data-testid="no-services">
            No serverless.yml, .yaml or .json on {data.branch}. Push one and scan again.
          </p>
        )}
        {data && (
          <ul className="divide-y divide-border rounded-lg border border-border">
            {data.services.map((s) => {
              const on = !!picked[s.folder];
              return (
                <li key={s.file} className="space-y-2 p-3" data-testid={`detected-${testIdFor(s.folder)}`}>
                  <div className="flex flex-wrap items-start justify-between gap-2">
                    <Checkbox
                      checked={on}
                      disabled={!s.resolvable || !!s.error || !s.name}
                      onChange={(e) => toggle(s, e.target.checked)}
                      data-testid={`pick-${testIdFor(s.folder)}`}
                      label={
                        <span>
                          <span className="font-medium">{s.name ?? "(no name)"}</span>{" "}
                          <span className="font-mono text-xs text-fg-muted">{s.file}</span>
                        </span>
                      }
                      description={
                        s.functions.length
                          ? `Functions: ${s.functions.slice(0, 10).join(", ")}${s.functions.length > 10 ? ", …" : ""}`
                          : undefined
                      }
                    />
                    <div className="flex flex-wrap gap-1">
                      {s.consumes.map((c) => (
                        <Badge key={c} tone="outline">
                          reads outputs of {c}
                        </Badge>
                      ))}
                      {!s.resolvable && <Badge tone="warning">not resolvable</Badge>}
                    </div>
                  </div>
                  {s.error && (
                    <p className="flex items-start gap-1 text-xs text-danger-700" data-testid="detected-error">
                      <CircleAlert className="mt-px size-3.5 shrink-0" aria-hidden="true" />
                      {s.error}
                    </p>
                  )}
                  {on && (
                    <div className="flex flex-wrap items-center gap-3 pl-6 text-sm">
                      <label className="flex items-center gap-2">
                        <span className="text-fg-muted">Also build on changes in</span>
                        <Input
                          className="w-56"
                          placeholder="shared, libs/common"
                          value={picked[s.folder].sharedPaths}
                          onChange={(e) => update(s.folder, { sharedPaths: e.target.value })}
                          data-testid={`shared-${testIdFor(s.folder)}`}
                        />
                      </label>
                      <Checkbox
                        checked={picked[s.folder].previews}
                        onChange={(e) => update(s.folder, { previews: e.target.checked })}
                        label="Preview deployments"
                      />
                    </div>
                  )}
                </li>
              );
            })}
          </ul>
        )}
        {data?.note && (
          <div className="flex items-center gap-3 text-sm text-fg-muted" data-testid="detect-note">
            <span>{data.note} Services on other pages can be picked there (each page keeps its picks).</span>
            <Button size="sm" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - data.limit))}>
              Previous
            </Button>
            <Button size="sm" disabled={offset + data.limit >= data.total} onClick={() => setOffset(offset + data.limit)}>
              Next
            </Button>
          </div>
        )}
      </CardContent>
    </Card>
  );
}
