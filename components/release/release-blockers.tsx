"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { ShieldAlert, ShieldCheck, Snowflake, TriangleAlert } from "lucide-react";
import { useTRPC } from "@/components/trpc/client";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";

/** Before anyone promotes or rolls back: what prod's rules and the known safeguard verdicts will do to it. */
export function ReleaseBlockers({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.releases.blockers.queryOptions({ slug }, { refetchInterval: 5000 }));
  const b = q.data;
  if (!b || (!b.approval.required && !b.freeze && b.safeguards.length === 0)) return null;
  return (
    <Card data-testid="release-blockers">
      <CardHeader>
        <CardTitle>Before you promote or roll back</CardTitle>
      </CardHeader>
      <CardContent className="space-y-2 text-sm">
        {b.freeze && (
          <p className="flex gap-2 text-accent-700" data-testid="blocker-freeze">
            <Snowflake className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
            <span>
              {b.freeze.message} Prod builds {b.freeze.mode === "WAIT" ? "wait until it ends" : "fail"} (
              <RelativeTime date={b.freeze.until} />) unless an admin overrides them
              {b.freeze.youMayOverride ? " — you can, from the build page." : "."} An instant rollback needs that override too.
            </span>
          </p>
        )}
        {b.approval.required && (
          <p className="flex gap-2" data-testid="blocker-approval">
            <ShieldCheck className="mt-0.5 size-4 shrink-0 text-warning-700" aria-hidden="true" />
            <span>
              Prod requires approval by {b.approval.approvers}
              {b.approval.selfApproval ? "" : " (not the change's author)"}: the prod build waits until approved.{" "}
              {b.approval.youMayApprove ? "You may approve it." : "You cannot approve it yourself."}
            </span>
          </p>
        )}
        {b.safeguards.map((s) => (
          <p
            key={`${s.buildId}-${s.policy}`}
            className={`flex gap-2 ${s.level === "ERROR" ? "text-danger-700" : "text-warning-700"}`}
            data-testid={`blocker-safeguard-${s.service}-${s.policy}`}
          >
            {s.level === "ERROR" ? (
              <ShieldAlert className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
            ) : (
              <TriangleAlert className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
            )}
            <span>
              {s.service} on {s.stage} (
              <Link className="underline" href={`/builds/${s.buildId}`}>
                #{s.buildNumber}
              </Link>
              ): {s.policy} {s.level === "ERROR" ? "failed" : "warned"} — {s.message}
            </span>
          </p>
        ))}
      </CardContent>
    </Card>
  );
}
