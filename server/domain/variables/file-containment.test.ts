import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { resolveConfig, ResolutionError } from "./resolve-config";
import { MAX_CONFIG_FILE_BYTES } from "./inside-root";

/** A checkout (repo/) with a service folder, next to a file that belongs to the machine (outside/). */
const base = mkdtempSync(path.join(tmpdir(), "slipway-contain-"));
const repo = path.join(base, "repo");
const service = path.join(repo, "services", "api");
const OUTSIDE_TEXT = "root:x:0:0:outside-marker-7731";
mkdirSync(service, { recursive: true });
mkdirSync(path.join(base, "outside"));
writeFileSync(path.join(base, "outside", "passwd"), OUTSIDE_TEXT);
writeFileSync(path.join(repo, "shared.yml"), "table: shared-table\n");
symlinkSync(path.join(base, "outside", "passwd"), path.join(service, "linked.txt"));
symlinkSync(path.join(base, "outside"), path.join(service, "linked-dir"));
afterAll(() => rmSync(base, { recursive: true, force: true }));

const resolve = (yaml: string, extra: { rootDir?: string; serviceDir?: string } = {}) =>
  resolveConfig({ serviceDir: extra.serviceDir ?? service, rootDir: extra.rootDir ?? repo, configText: yaml, env: {} });

async function refusal(yaml: string, extra: { rootDir?: string; serviceDir?: string } = {}) {
  const error = await resolve(yaml, extra).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ResolutionError);
  expect((error as Error).message).not.toContain("outside-marker");
  return (error as Error).message;
}

describe("${file()} stays inside the repository checkout", () => {
  it("reads a file elsewhere in the checkout (../ that stays inside)", async () => {
    const { config } = await resolve("custom:\n  t: ${file(../../shared.yml):table}\n");
    expect(config.custom).toEqual({ t: "shared-table" });
  });

  it.each([
    ["relative traversal", "${file(../../../outside/passwd)}"],
    ["many ../", "${file(../../../../../../../../etc/passwd)}"],
    ["an absolute path", "${file(/etc/passwd)}"],
    ["an absolute path to the outside file", `\${file(${path.join(base, "outside", "passwd")})}`],
    ["a committed symlink to a file outside", "${file(./linked.txt)}"],
    ["a path through a committed symlinked folder", "${file(./linked-dir/passwd)}"],
  ])("refuses %s with a clear error, even behind a fallback", async (_name, ref) => {
    const message = await refusal(`custom:\n  x: ${ref}\n  y: \${${ref.slice(2, -1)}, 'fallback'}\n`);
    expect(message).toMatch(/outside the repository checkout/);
    expect(message).toMatch(/custom\.x/);
    expect(message).toMatch(/custom\.y/);
  });

  it("refuses a serverless.yml that is itself a link outside the checkout", async () => {
    symlinkSync(path.join(base, "outside", "passwd"), path.join(service, "serverless.yml"));
    try {
      const error = await resolveConfig({ serviceDir: service, rootDir: repo, env: {} }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ResolutionError);
      expect((error as Error).message).toMatch(/outside the repository checkout/);
      expect((error as Error).message).not.toContain("outside-marker");
    } finally {
      rmSync(path.join(service, "serverless.yml"));
    }
  });

  it("does not load a .env that links outside the checkout", async () => {
    writeFileSync(path.join(base, "outside", "env"), "LEAK=outside-marker-env\n");
    symlinkSync(path.join(base, "outside", "env"), path.join(service, ".env"));
    try {
      const { config } = await resolve("useDotenv: true\ncustom:\n  v: ${env:LEAK, 'none'}\n");
      expect(config.custom).toEqual({ v: "none" });
    } finally {
      rmSync(path.join(service, ".env"));
    }
  });

  it("refuses a huge referenced file instead of reading it into memory", async () => {
    const huge = path.join(service, "huge.txt");
    writeFileSync(huge, Buffer.alloc(MAX_CONFIG_FILE_BYTES + 1, "a"));
    try {
      expect(await refusal("custom:\n  h: ${file(./huge.txt)}\n")).toMatch(/limited to/);
    } finally {
      rmSync(huge);
    }
  });

  it("keeps a missing file inside the checkout a miss, so fallbacks still apply", async () => {
    const { config } = await resolve("custom:\n  m: ${file(./nope.yml):a, 'dflt'}\n");
    expect(config.custom).toEqual({ m: "dflt" });
  });
});
