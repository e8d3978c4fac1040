import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { resolveConfig, ResolutionError } from "./resolve-config";

/**
 * Every case of the shared corpus: real serverless.yml files and what Serverless Framework 3.40.0
 * resolved them to. The corpus lives beside the repository (`../shared`), in CI too; a missing
 * corpus fails the run rather than silently testing nothing.
 */
const repoRoot = path.resolve(__dirname, "../../..");
const corpusDir = path.resolve(repoRoot, "../shared/corpus/serverless-print");
const EXPECTED_CASES = 55;

/** Cases Slipway resolves differently on purpose: case name → why. Each must still differ. */
const KNOWN_DIFFERENCES: Record<string, string> = {};

interface Command {
  stage?: string | null;
  region?: string | null;
  env?: Record<string, string>;
  cliParams?: Record<string, string>;
  outputs?: Record<string, Record<string, unknown>>;
  serviceDir?: string;
}

const cases = existsSync(corpusDir) ? readdirSync(corpusDir).sort() : [];

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, "utf8")) as T;
}

async function run(name: string) {
  const caseDir = path.join(corpusDir, name);
  const cmd = readJson<Command>(path.join(caseDir, "cmd.json"));
  return resolveConfig({
    serviceDir: path.resolve(caseDir, cmd.serviceDir ?? "."),
    stage: cmd.stage ?? undefined,
    region: cmd.region ?? undefined,
    env: cmd.env ?? {},
    cliParams: cmd.cliParams,
    outputs: cmd.outputs,
  });
}

/** The property paths of `Cannot resolve variable at "<path>"` lines. */
function failingPaths(text: string): string[] {
  return [...text.matchAll(/Cannot resolve variable at "([^"]*)"/g)].map((m) => m[1]!).sort();
}

async function outcome(name: string): Promise<{ ok: boolean; detail: string }> {
  const caseDir = path.join(corpusDir, name);
  const errorFile = path.join(caseDir, "expected-error.txt");
  try {
    const { config } = await run(name);
    if (existsSync(errorFile)) return { ok: false, detail: "resolved, but v3 fails" };
    expect(config).toEqual(readJson(path.join(caseDir, "resolved.json")));
    return { ok: true, detail: "" };
  } catch (error) {
    if (!(error instanceof ResolutionError)) {
      if (existsSync(errorFile)) throw error;
      return { ok: false, detail: String(error) };
    }
    if (!existsSync(errorFile)) return { ok: false, detail: error.message };
    const expected = failingPaths(readFileSync(errorFile, "utf8"));
    const actual = error.failures.map((f) => f.path).sort();
    return { ok: JSON.stringify(expected) === JSON.stringify(actual), detail: error.message };
  }
}

describe("serverless-print corpus", () => {
  it(`is present at ${corpusDir} with all ${EXPECTED_CASES} cases`, () => {
    expect(existsSync(corpusDir), `corpus missing at ${corpusDir}`).toBe(true);
    expect(cases).toHaveLength(EXPECTED_CASES);
    for (const name of Object.keys(KNOWN_DIFFERENCES)) expect(cases).toContain(name);
  });

  for (const name of cases) {
    const known = KNOWN_DIFFERENCES[name];
    it(known ? `${name} (known difference: ${known})` : name, async () => {
      if (known) {
        const { ok } = await outcome(name).catch(() => ({ ok: false }));
        expect(ok, "a known difference now matches v3: remove it from KNOWN_DIFFERENCES").toBe(false);
        return;
      }
      const result = await outcome(name);
      expect(result.ok, result.detail).toBe(true);
    });
  }
});
