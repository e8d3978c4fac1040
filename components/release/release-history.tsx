import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import { releaseKindLabel } from "./release-kind";
import { CommitSha } from "@/components/ui/commit-sha";

interface HistoryData {
  releases: {
    id: string;
    kind: string;
    status: string;
    service: string | null;
    actor: string | null;
    note: string;
    fromSha: string | null;
    toSha: string | null;
    switchMs: number | null;
    error: string | null;
    createdAt: Date;
  }[];
  instances: {
    id: string;
    stage: string;
    service: string;
    deployments: {
      id: string;
      commitSha: string;
      createdAt: Date;
      current: boolean;
      build: { number: number; trigger: string; message: string; requestedBy: string | null } | null;
    }[];
  }[];
}

/** Promotions and rollbacks (who, why, what git did), then each prod instance's deployments. */
export function ReleaseHistory({ history }: { history: HistoryData }) {
  return (
    <section aria-labelledby="history-heading" className="space-y-3">
      <h2 id="history-heading" className="text-sm font-semibold uppercase tracking-wide text-fg-muted">
        History
      </h2>
      <ul className="divide-y divide-border rounded-lg border border-border text-sm" data-testid="release-history">
        {history.releases.length === 0 && <li className="px-3 py-2 text-fg-muted">No promotions or rollbacks yet.</li>}
        {history.releases.map((r) => (
          <li key={r.id} className="flex flex-wrap items-center gap-2 px-3 py-2" data-testid="release-history-row">
            <Badge tone={r.status === "FAILED" ? "danger" : r.status === "SUCCEEDED" ? "success" : "accent"}>
              {releaseKindLabel(r.kind)}
            </Badge>
            {r.service && <span>{r.service}</span>}
            <span>by {r.actor ?? "unknown"}</span>
            {r.fromSha && r.toSha && (
              <span>
                <CommitSha sha={r.fromSha} /> → <CommitSha sha={r.toSha} />
              </span>
            )}
            {r.switchMs !== null && <span>switched in {r.switchMs} ms</span>}
            {r.note && <span className="italic">“{r.note}”</span>}
            {r.error && <span className="text-danger-700">{r.error}</span>}
            <RelativeTime date={r.createdAt} />
          </li>
        ))}
      </ul>
      {history.instances
        .filter((i) => i.stage === "prod")
        .map((i) => (
          <details key={i.id}>
            <summary className="cursor-pointer text-sm font-medium">prod deployments of {i.service}</summary>
            <ul className="text-sm text-fg-muted">
              {i.deployments.map((d) => (
                <li key={d.id}>
                  <CommitSha sha={d.commitSha} /> {d.build?.message} · #{d.build?.number} {d.build?.trigger}
                  {d.build?.requestedBy ? ` by ${d.build.requestedBy}` : ""} · <RelativeTime date={d.createdAt} />
                  {d.current ? " · serving" : ""}
                </li>
              ))}
            </ul>
          </details>
        ))}
    </section>
  );
}
