import { Badge } from "@/components/ui/badge";
import { Code } from "@/components/ui/code";

export interface ConfigChangeView {
  section: string;
  key: string;
  change: string;
  from?: string | null;
  to?: string | null;
  secret: boolean;
}

/** Resolved-configuration differences; secrets only say changed or unchanged. */
export function ConfigChanges({ changes, fromLabel, toLabel }: { changes: ConfigChangeView[]; fromLabel: string; toLabel: string }) {
  if (changes.length === 0) return <p className="text-sm text-fg-muted">No configuration differences.</p>;
  return (
    <table className="w-full text-sm" data-testid="config-changes">
      <thead>
        <tr className="text-left text-xs uppercase tracking-wide text-fg-muted">
          <th className="py-1 pr-3 font-medium">What</th>
          <th className="py-1 pr-3 font-medium">{fromLabel}</th>
          <th className="py-1 font-medium">{toLabel}</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-border">
        {changes.map((c) => (
          <tr key={`${c.section}:${c.key}`} data-testid="config-change">
            <td className="py-1.5 pr-3 align-top">
              <span className="text-fg-muted">{c.section}</span> <Code>{c.key}</Code>
            </td>
            {c.secret ? (
              <td colSpan={2} className="py-1.5">
                <Badge tone={c.change === "unchanged" ? "neutral" : "warning"}>secret {c.change}</Badge>
              </td>
            ) : (
              <>
                <td className="max-w-xs break-all py-1.5 pr-3 align-top text-fg-muted">{c.from ?? <em>none</em>}</td>
                <td className="max-w-xs break-all py-1.5 align-top">{c.to ?? <em>none</em>}</td>
              </>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
