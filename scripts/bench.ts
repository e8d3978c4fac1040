import { existsSync } from "node:fs";
import path from "node:path";

/**
 * `npm run bench`: every benchmark of Slipway, one table each. Speed and memory goals live here,
 * not in timed tests. Each suite is a module under scripts/bench exporting bench<Name>().
 */
type Row = { name: string; value: string };
const SUITES: Array<{ title: string; file: string; fn: string }> = [
  { title: "Variable resolution", file: "resolver.ts", fn: "benchResolver" },
  { title: "Git push → live (pipeline)", file: "pipeline.ts", fn: "benchPipeline" },
  { title: "GitHub webhook: answer and → build RUNNING", file: "webhook.ts", fn: "benchWebhook" },
  { title: "Load", file: "load.ts", fn: "benchLoad" },
  { title: "Instant rollback", file: "rollback.ts", fn: "benchRollback" },
  { title: "Local cloud", file: "local-cloud.ts", fn: "benchLocalCloud" },
  { title: "Sandbox (bubblewrap) cost", file: "sandbox.ts", fn: "benchSandbox" },
];

function printTable(title: string, rows: Row[]) {
  const width = Math.max(...rows.map((r) => r.name.length), 10);
  console.log(`\n${title}`);
  console.log(`${"-".repeat(width)}  ${"-".repeat(30)}`);
  for (const r of rows) console.log(`${r.name.padEnd(width)}  ${r.value}`);
}

async function main() {
  const only = process.argv[2];
  for (const suite of SUITES) {
    if (only && !suite.file.startsWith(only)) continue;
    const file = path.join(import.meta.dirname, "bench", suite.file);
    if (!existsSync(file)) continue;
    const mod = (await import(file)) as Record<string, () => Promise<Row[]>>;
    try {
      printTable(suite.title, await mod[suite.fn]());
    } catch (e) {
      const cause = (e as Error).cause as Error | undefined;
      printTable(suite.title, [{ name: "error", value: `${(e as Error).message}${cause?.message ? ` (${cause.message})` : ""}` }]);
    }
  }
}

main().then(() => process.exit(0));
