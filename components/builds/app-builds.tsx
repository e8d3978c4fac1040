"use client";

import { useState } from "react";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { BuildsTable } from "./builds-table";

const STATUSES = ["QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELED", "SUPERSEDED"] as const;
type Status = (typeof STATUSES)[number];

/** An app's builds, newest first, filtered by service, stage, status and who, a page at a time. */
export function AppBuilds({ slug, services }: { slug: string; services: string[] }) {
  const trpc = useTRPC();
  const [service, setService] = useState("");
  const [stage, setStage] = useState("");
  const [status, setStatus] = useState<Status | "">("");
  const [who, setWho] = useState("");
  const filters = {
    appSlug: slug,
    service: service || undefined,
    stage: stage.trim() || undefined,
    status: status || undefined,
    who: who.trim() || undefined,
  };
  const builds = useInfiniteQuery(
    trpc.builds.list.infiniteQueryOptions(filters, {
      getNextPageParam: (last) => last.nextCursor,
      refetchInterval: 3000,
      placeholderData: (previous) => previous,
    }),
  );
  const rows = builds.data?.pages.flatMap((p) => p.items) ?? [];
  // Rollbacks are no builds but change what serves: they sit among the builds, with the builds they made "serving" or "rolled back".
  const state = useQuery(trpc.releases.state.queryOptions({ slug }, { refetchInterval: 3000 }));
  const rollbacks = (state.data?.rollbacks ?? []).filter(
    (r) =>
      !status &&
      (!service || r.service === service) &&
      (!filters.stage || filters.stage === "prod") &&
      (!filters.who || (r.actor ?? "").toLowerCase().includes(filters.who.toLowerCase())),
  );
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-2" role="group" aria-label="Filter builds">
        <Select aria-label="Service" value={service} onChange={(e) => setService(e.target.value)} data-testid="builds-filter-service">
          <option value="">All services</option>
          {services.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </Select>
        <Input
          aria-label="Stage"
          placeholder="Stage"
          value={stage}
          onChange={(e) => setStage(e.target.value)}
          className="w-36"
          data-testid="builds-filter-stage"
        />
        <Select
          aria-label="Status"
          value={status}
          onChange={(e) => setStatus(e.target.value as Status | "")}
          data-testid="builds-filter-status"
        >
          <option value="">Any status</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s.charAt(0) + s.slice(1).toLowerCase()}
            </option>
          ))}
        </Select>
        <Input
          aria-label="Triggered by"
          placeholder="Who"
          value={who}
          onChange={(e) => setWho(e.target.value)}
          className="w-36"
          data-testid="builds-filter-who"
        />
      </div>
      {builds.isPending ? (
        <Skeleton className="h-40 w-full" />
      ) : builds.error ? (
        <p role="alert" className="text-sm text-danger-700">
          {builds.error.message}
        </p>
      ) : (
        <BuildsTable builds={rows} showTriggeredBy marks={state.data?.marks} rollbacks={rollbacks} />
      )}
      {builds.hasNextPage && (
        <Button variant="secondary" onClick={() => builds.fetchNextPage()} disabled={builds.isFetchingNextPage} data-testid="builds-more">
          {builds.isFetchingNextPage ? "Loading…" : "Load more builds"}
        </Button>
      )}
    </div>
  );
}
