/**
 * What a finished build says to people who are not looking at its page: the failing step with the
 * last lines of its log, and its safeguard warnings. The stored log is masked already (the log
 * writer masks secrets before anything is kept); ANSI colours are dropped for chat and email.
 */
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;
const TAIL_LINES = 20;
const MAX_LINE = 300;

export interface SummaryStep {
  name: string;
  status: string;
  detail: string | null;
}

export interface FailureSummary {
  step: string;
  error: string;
  logTail: string[];
}

export function failureSummary(build: { error: string | null; log: string | null; steps: SummaryStep[] }): FailureSummary | null {
  const failed = build.steps.find((s) => s.status === "FAILED");
  if (!failed && !build.error) return null;
  const lines = (build.log ?? "").split("\n").map((l) => l.replace(ANSI, "").slice(0, MAX_LINE));
  // The failing step's own lines: from its "▸ step" header to the end.
  const header = failed ? lines.lastIndexOf(`▸ ${failed.name}`) : -1;
  const own = header >= 0 ? lines.slice(header + 1) : lines;
  const tail = own.filter((l) => l.trim() !== "").slice(-TAIL_LINES);
  return {
    step: failed?.name ?? "build",
    error: (failed?.detail ?? build.error ?? "failed").split("\n")[0].slice(0, MAX_LINE),
    logTail: tail,
  };
}

export interface SafeguardResult {
  policy: string;
  level: string;
  passed: boolean;
  message: string;
}

/** The safeguards that did not pass (SafeguardCheck rows of the build): warnings, and errors that stopped it. */
export function safeguardNotes(checks: SafeguardResult[]): string[] {
  return checks.filter((c) => !c.passed).map((c) => `${c.level === "ERROR" ? "❌" : "⚠️"} Safeguard ${c.policy}: ${c.message}`);
}
