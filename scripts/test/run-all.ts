import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";

/**
 * `npm test`: the four parts one after another (each its own process, nothing run twice), then
 * each part's wall time and counts. Every part runs even when one fails, so one CI run shows all
 * failures; the exit code is non-zero when any part failed. `npm test -- unit int` runs only those parts.
 */
const out = path.join(process.cwd(), ".data", "test-results");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const report = (part: string) => path.join(out, `${part}.json`);

const PARTS: { part: string; args: string[]; env?: Record<string, string> }[] = [
  { part: "unit", args: ["--", "--reporter=default", "--reporter=json", `--outputFile.json=${report("unit")}`] },
  { part: "int", args: ["--", "--reporter=default", "--reporter=json", `--outputFile.json=${report("int")}`] },
  { part: "faults", args: ["--", "--reporter=default", "--reporter=json", `--outputFile.json=${report("faults")}`] },
  { part: "e2e", args: ["--", "--reporter=list,json"], env: { PLAYWRIGHT_JSON_OUTPUT_FILE: report("e2e") } },
];

/** Passed and failed tests from the part's JSON report (Vitest's or Playwright's). */
function counts(part: string): { passed: number; failed: number } | null {
  if (!existsSync(report(part))) return null;
  const r = JSON.parse(readFileSync(report(part), "utf8")) as {
    numPassedTests?: number;
    numFailedTests?: number;
    stats?: { expected: number; unexpected: number; flaky: number };
  };
  if (r.stats) return { passed: r.stats.expected + r.stats.flaky, failed: r.stats.unexpected };
  return { passed: r.numPassedTests ?? 0, failed: r.numFailedTests ?? 0 };
}

// `npm test -- unit int` runs only the parts named.
const only = process.argv.slice(2);
const results: { part: string; seconds: number; ok: boolean; tally: ReturnType<typeof counts> }[] = [];
for (const { part, args, env } of PARTS.filter((p) => !only.length || only.includes(p.part))) {
  const start = performance.now();
  const run = spawnSync("npm", ["run", `test:${part}`, ...args], { stdio: "inherit", env: { ...process.env, ...env } });
  results.push({ part, seconds: (performance.now() - start) / 1000, ok: run.status === 0, tally: counts(part) });
}

console.log("\nnpm test — wall time per part");
for (const r of results) {
  const tally = r.tally ? `${r.tally.passed} passed, ${r.tally.failed} failed` : "no report";
  console.log(`  test:${r.part.padEnd(7)} ${r.seconds.toFixed(1).padStart(7)} s  ${r.ok ? "ok    " : "FAILED"}  ${tally}`);
}
const total = results.reduce((s, r) => s + r.seconds, 0);
console.log(`  total       ${total.toFixed(1).padStart(7)} s`);
const passed = results.reduce((s, r) => s + (r.tally?.passed ?? 0), 0);
const failed = results.reduce((s, r) => s + (r.tally?.failed ?? 0), 0) + results.filter((r) => !r.ok && !r.tally?.failed).length;
console.log(`${passed} passed, ${failed} failed`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
