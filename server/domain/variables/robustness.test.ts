import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { resolveConfig, ResolutionError, type ResolveResult } from "./resolve-config";

const dir = mkdtempSync(path.join(tmpdir(), "slipway-fuzz-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// Any attempt to run this file leaves a marker behind.
writeFileSync(path.join(dir, "boom.js"), "require('fs').writeFileSync(__dirname + '/ran', '1'); module.exports = 'x';");

/** Resolves, or fails with a ResolutionError; anything else (a crash, a TypeError) fails the property. */
async function settle(config: unknown, extra: { stage?: string; env?: Record<string, string> } = {}) {
  try {
    return await resolveConfig({
      serviceDir: dir,
      configFile: "serverless.json",
      configText: typeof config === "string" ? config : JSON.stringify(config),
      env: extra.env ?? {},
      stage: extra.stage,
    });
  } catch (error) {
    if (!(error instanceof ResolutionError)) throw error;
    return error;
  }
}

const fragment = fc.constantFrom(
  "${",
  "}",
  "self:",
  "custom.a",
  "custom.b",
  "env:X",
  "opt:stage",
  "sls:stage",
  "param:p",
  "output:",
  "file(",
  "./boom.js",
  ")",
  ",",
  " ",
  "'",
  '"',
  ":",
  "::",
  "\\",
  "$",
  "AWS",
  "strToBool(",
  "true",
  "0x1",
  ".",
  "a",
);
const variableish = fc.array(fragment, { maxLength: 14 }).map((parts) => parts.join(""));

describe("robustness", () => {
  it("only ever resolves or throws ResolutionError, and never runs code", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string(), variableish),
        fc.oneof(fc.string(), variableish),
        fc.oneof(fc.string(), variableish),
        fc.string(),
        async (a, b, envValue, stage) => {
          const outcome = await settle(
            { service: "fuzz", custom: { a, b, c: "${file(./boom.js)}" }, params: { default: { p: b } } },
            { stage, env: { X: envValue } },
          );
          expect(outcome).toBeInstanceOf(ResolutionError); // custom.c always fails: JS is refused
          expect(existsSync(path.join(dir, "ran"))).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("resolves random literal values unchanged", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string().filter((s) => !s.includes("${")),
        async (value) => {
          const outcome = await settle({ custom: { value, copy: "${self:custom.value}" } });
          expect(outcome).not.toBeInstanceOf(ResolutionError);
          expect((outcome as ResolveResult).config.custom).toEqual({ value, copy: value });
        },
      ),
    );
  });

  it("turns 10k levels of YAML nesting into a clear ResolutionError", async () => {
    const deep = `a: ${"[".repeat(10_000)}${"]".repeat(10_000)}`;
    const error = await resolveConfig({ serviceDir: dir, configText: deep, env: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResolutionError);
    expect((error as Error).message).toMatch(/nested too deeply/);
  });

  it("handles 10k levels of JSON nesting and a 10k-long ${self:} chain without crashing", async () => {
    // Built as text: JSON.stringify itself cannot walk 10k levels.
    const nested = `{"service":"s","custom":${'{"n":'.repeat(10_000)}"\${self:service}"${"}".repeat(10_001)}`;
    const deep = await settle(nested);
    if (deep instanceof ResolutionError) expect(deep.message).toMatch(/too deeply/);
    else {
      let node = deep.config.custom as { n: unknown };
      for (let i = 0; i < 9_999; i++) node = node.n as { n: unknown };
      expect(node.n).toBe("s");
    }
    const chain: Record<string, string> = { k10000: "end" };
    for (let i = 0; i < 10_000; i++) chain[`k${i}`] = `\${self:custom.k${i + 1}}`;
    const long = await settle({ custom: chain });
    if (long instanceof ResolutionError) expect(long.message).toMatch(/too deeply/);
    else expect(long.config.custom).toMatchObject({ k0: "end" });
  });

  it("refuses a YAML alias bomb", async () => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (const [name, prev] of [
      ["b", "a"],
      ["c", "b"],
      ["d", "c"],
      ["e", "d"],
      ["f", "e"],
      ["g", "f"],
    ]) {
      lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(",")}]`);
    }
    const error = await resolveConfig({ serviceDir: dir, configText: lines.join("\n"), env: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResolutionError);
    expect((error as Error).message).toMatch(/alias/i);
  });
});
