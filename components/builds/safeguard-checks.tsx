import { Check, ShieldAlert, TriangleAlert } from "lucide-react";
import { Card, CardHeader, CardTitle } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";

export interface SafeguardCheckView {
  policy: string;
  level: "WARNING" | "ERROR";
  passed: boolean;
  message: string;
}

/** One row per policy the build was checked against: pass, warn (WARNING failed) or fail (ERROR failed). */
export function SafeguardChecks({ checks }: { checks: SafeguardCheckView[] }) {
  if (checks.length === 0) return null;
  return (
    <Card data-testid="safeguard-checks">
      <CardHeader>
        <CardTitle>Safeguards</CardTitle>
      </CardHeader>
      <ul className="divide-y divide-border text-sm">
        {checks.map((c) => {
          const verdict = c.passed ? "pass" : c.level === "ERROR" ? "fail" : "warn";
          const Icon = verdict === "pass" ? Check : verdict === "fail" ? ShieldAlert : TriangleAlert;
          return (
            <li
              key={c.policy}
              className="flex items-start gap-3 px-4 py-2"
              data-testid={`safeguard-check-${c.policy}`}
              data-verdict={verdict}
            >
              <Icon
                aria-hidden="true"
                className={cn(
                  "mt-0.5 size-4 shrink-0",
                  verdict === "pass" ? "text-success-700" : verdict === "fail" ? "text-danger-700" : "text-warning-700",
                )}
              />
              <span className="min-w-0">
                <span className="font-medium text-fg">{c.policy}</span>{" "}
                <span className="text-xs uppercase text-fg-subtle">
                  {verdict === "pass" ? "passed" : verdict === "fail" ? "failed (error)" : "warning"}
                </span>
                <span className="block break-words text-fg-muted">{c.message}</span>
              </span>
            </li>
          );
        })}
      </ul>
    </Card>
  );
}
