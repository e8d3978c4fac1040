import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { readFileSync } from "node:fs";
import { loadYaml } from "../../server/domain/variables/load-yaml";
import { resolveConfig } from "../../server/domain/variables/resolve-config";

/**
 * Resolver speed: in-process resolution of a large generated service, `slipway print` as a whole
 * process, and the real `serverless print` (Serverless Framework 3, installed on demand into
 * .data/oracle) on the same service for comparison.
 */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const oracleDir = path.join(repoRoot, ".data/oracle");
const oracleBin = path.join(oracleDir, "node_modules/serverless/bin/serverless.js");
const run = promisify(execFile);
const FUNCTIONS = 100;
const CHAIN = 20;

type Row = { name: string; value: string };

/** One service, two files: Slipway's with `${output:}`; the oracle's with the output filled in (v3 cannot read outputs offline). */
export function generateService(dir: string): void {
  const chain = Array.from({ length: CHAIN + 1 }, (_, i) =>
    i === 0 ? "    l0: ${self:custom.base}" : `    l${i}: \${self:custom.chain.l${i - 1}}-${i}`,
  );
  const functions = Array.from(
    { length: FUNCTIONS },
    (_, i) => `  fn${i}:
    handler: src/fn${i}.handler
    memorySize: \${param:memory}
    timeout: \${self:custom.shared.timeout}
    environment:
      NAME: \${self:custom.chain.l${i % (CHAIN + 1)}}-fn${i}
      TABLE: \${self:custom.db}
      REGION: \${opt:region, self:provider.region}
      FLAG: \${strToBool(\${env:BENCH_FLAG, 'true'})}
      PREFIX: \${param:prefix}-\${self:custom.settings.tier}
    events:
      - http:
          path: fn${i}
          method: get`,
  );
  const config = (db: string) => `service: bench
provider:
  name: aws
  runtime: nodejs20.x
  stage: \${opt:stage, 'dev'}
  region: us-east-1
params:
  default:
    memory: 512
    prefix: bench-\${sls:stage}
  prod:
    memory: 1024
custom:
  base: \${self:service}-\${sls:stage}
  db: ${db}
  shared: \${file(./shared.yml)}
  settings: \${file(./settings.json):settings}
  chain:
${chain.join("\n")}
functions:
${functions.join("\n")}
`;
  writeFileSync(path.join(dir, "shared.yml"), "timeout: 30\nowner: ${self:service}\n");
  writeFileSync(path.join(dir, "settings.json"), JSON.stringify({ settings: { tier: "gold" } }));
  writeFileSync(path.join(dir, "outputs.json"), JSON.stringify({ "bench:dev:us-east-1:database": { tableName: "orders-dev" } }));
  writeFileSync(path.join(dir, "serverless.yml"), `app: bench\n${config("${output:database.tableName}")}`);
  mkdirSync(path.join(dir, "oracle"));
  writeFileSync(path.join(dir, "oracle/shared.yml"), "timeout: 30\nowner: ${self:service}\n");
  writeFileSync(path.join(dir, "oracle/settings.json"), JSON.stringify({ settings: { tier: "gold" } }));
  writeFileSync(path.join(dir, "oracle/serverless.yml"), config("orders-dev"));
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const ms = (value: number) => `${value.toFixed(1)} ms`;

const childEnv = () => ({ ...process.env, SLS_TELEMETRY_DISABLED: "1", SLS_NOTIFICATIONS_MODE: "off" });

async function timeProcess(command: string, args: string[], cwd: string, runs: number): Promise<number> {
  await run(command, args, { cwd, env: childEnv(), maxBuffer: 64 << 20 }); // warm the page cache
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await run(command, args, { cwd, env: childEnv(), maxBuffer: 64 << 20 });
    times.push(performance.now() - start);
  }
  return median(times);
}

/** Peak resident memory of a whole process, via GNU time (Debian's `time`), in MiB. */
async function peakRssMiB(command: string, args: string[], cwd: string): Promise<number | undefined> {
  if (!existsSync("/usr/bin/time")) return undefined;
  const { stderr } = await run("/usr/bin/time", ["-f", "%M", command, ...args], { cwd, env: childEnv(), maxBuffer: 64 << 20 });
  const kb = Number(stderr.trim().split("\n").pop());
  return Number.isFinite(kb) ? kb / 1024 : undefined;
}

const REAL_CASE = path.resolve(repoRoot, "../shared/corpus/serverless-print/ex-aws-node-rest-api-with-dynamodb");

/**
 * `slipway print` on a real file (serverless/examples aws-node-rest-api-with-dynamodb, stage prod)
 * next to node's own start-up — the floor — and the real `serverless print`, all in this one run.
 */
async function printVersusNode(oracleMissing: string | undefined): Promise<Row[]> {
  if (!existsSync(REAL_CASE)) return [{ name: "slipway print on a real file", value: `n/a (${REAL_CASE} missing)` }];
  const runs = 15;
  const slipway = path.join(repoRoot, "scripts/slipway.mjs");
  const printArgs = [slipway, "print", "--stage", "prod", "--region", "us-west-2", "--offline"];
  const node = await timeProcess(process.execPath, ["-e", "0"], REAL_CASE, runs);
  const print = await timeProcess(process.execPath, printArgs, REAL_CASE, runs);
  const nodeRss = await peakRssMiB(process.execPath, ["-e", "0"], REAL_CASE);
  const printRss = await peakRssMiB(process.execPath, printArgs, REAL_CASE);
  const mib = (v: number | undefined) => (v === undefined ? "n/a" : `${v.toFixed(0)} MiB`);
  const rows: Row[] = [
    { name: `node -e 0, whole process (median of ${runs})`, value: `${ms(node)}, ${mib(nodeRss)}` },
    {
      name: `slipway print, rest-api-with-dynamodb prod (median of ${runs})`,
      value: `${ms(print)}, ${mib(printRss)} — ${(print / node).toFixed(2)}× node -e 0 (aim ≤ 1.6×, ≤ 60 MiB)`,
    },
  ];
  if (oracleMissing) rows.push({ name: "serverless@3 print, same file", value: `n/a (${oracleMissing})` });
  else {
    try {
      const oracle = await timeProcess(
        process.execPath,
        [oracleBin, "print", "--stage", "prod", "--region", "us-west-2", "--format", "json"],
        REAL_CASE,
        5,
      );
      rows.push({
        name: "serverless@3 print, same file (median of 5)",
        value: `${ms(oracle)} — slipway is ${(oracle / print).toFixed(1)}× faster`,
      });
    } catch (error) {
      rows.push({ name: "serverless@3 print, same file", value: `n/a (${String((error as Error).message).split("\n")[0]})` });
    }
  }
  return rows;
}

async function ensureOracle(): Promise<string | undefined> {
  if (existsSync(oracleBin)) return undefined;
  try {
    mkdirSync(oracleDir, { recursive: true });
    await run("npm", ["install", "--prefix", oracleDir, "serverless@3", "--no-audit", "--no-fund"], {
      env: { ...process.env, SLS_TELEMETRY_DISABLED: "1", SLS_NOTIFICATIONS_MODE: "off" },
      timeout: 10 * 60_000,
    });
    return existsSync(oracleBin) ? undefined : "installed, but bin/serverless.js is missing";
  } catch (error) {
    return `npm install serverless@3 failed: ${String((error as Error).message).split("\n")[0]}`;
  }
}

export async function benchResolver(): Promise<Row[]> {
  const dir = mkdtempSync(path.join(tmpdir(), "slipway-bench-"));
  try {
    generateService(dir);
    const input = {
      serviceDir: dir,
      stage: "dev",
      env: { ...process.env },
      outputs: { "bench:dev:us-east-1:database": { tableName: "orders-dev" } },
    };
    const times: number[] = [];
    for (let i = 0; i < 25; i++) {
      const start = performance.now();
      await resolveConfig(input);
      if (i >= 5) times.push(performance.now() - start); // the first runs pay for JIT warm-up
    }
    // Steady state, once the JIT has compiled the resolver (a long-lived worker's case; the CLI runs it once, cold).
    const warm: number[] = [];
    for (let i = 0; i < 300; i++) {
      const start = performance.now();
      await resolveConfig(input);
      if (i >= 200) warm.push(performance.now() - start);
    }
    const text = readFileSync(path.join(dir, "serverless.yml"), "utf8");
    const parseTimes: number[] = [];
    for (let i = 0; i < 25; i++) {
      const start = performance.now();
      loadYaml(text, "serverless.yml");
      if (i >= 5) parseTimes.push(performance.now() - start);
    }
    const rows: Row[] = [
      { name: `resolveConfig in-process (${FUNCTIONS} functions, median of 20)`, value: `${ms(median(times))} (aim ≤ 8 ms)` },
      { name: "  of which reading the YAML (median of 20)", value: ms(median(parseTimes)) },
      { name: `resolveConfig in-process, steady state (runs 201–300, median)`, value: ms(median(warm)) },
    ];
    const slipway = path.join(repoRoot, "scripts/slipway.mjs");
    const printArgs = [slipway, "print", "--stage", "dev", "--outputs-file", "outputs.json"];
    rows.push({ name: "slipway print, whole process (median of 3)", value: ms(await timeProcess(process.execPath, printArgs, dir, 3)) });
    const missing = await ensureOracle();
    let oracle: string;
    if (missing) oracle = `n/a (${missing})`;
    else {
      try {
        const args = [oracleBin, "print", "--stage", "dev", "--format", "json"];
        oracle = ms(await timeProcess(process.execPath, args, path.join(dir, "oracle"), 3));
      } catch (error) {
        oracle = `n/a (serverless print failed: ${String((error as Error).message).split("\n")[0]})`;
      }
    }
    rows.push({ name: "serverless@3 print, whole process (median of 3)", value: oracle });
    rows.push(...(await printVersusNode(missing)));
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function printTable(rows: Row[]): void {
  const width = Math.max(...rows.map((r) => r.name.length));
  console.log(`${"benchmark".padEnd(width)}  result`);
  for (const row of rows) console.log(`${row.name.padEnd(width)}  ${row.value}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  printTable(await benchResolver());
}
