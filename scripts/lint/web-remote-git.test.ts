import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The web process runs no git that reaches a remote: every module that calls one of the
 * remote-touching git functions (fetch into the mirror, ls-remote, anything with credentials) and
 * that the web's entry points (server/api, server/http, app) can reach through their imports is
 * listed below, and the list only shrinks. Promotions and git rollbacks are not on it: their git
 * runs in the worker's release job (server/domain/releases/run-release.ts), which the web never imports.
 */
const root = path.resolve(import.meta.dirname, "../..");

/**
 * Still reached from the web: none. Test connection, detect services, create app, add service,
 * deploy branch and re-run are `git-remote` jobs the web awaits (server/jobs/git-remote.ts). Never add one.
 */
const KNOWN_WEB_REMOTE_GIT: string[] = [];

/** Calls that reach a remote (server/domain/git/git.ts defines them; its local reads are fine). */
const REMOTE_CALL = /\b(syncMirror|lsRemote|lsRemoteBranches|withGitAuth|scanHostKeys)\(/;
const DEFINES = new Set(["server/domain/git/git.ts", "server/domain/repositories/host-keys.ts"]);

function files(dir: string): string[] {
  const abs = path.join(root, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs).flatMap((name) => {
    const rel = path.join(dir, name);
    if (statSync(path.join(root, rel)).isDirectory()) return files(rel);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [rel] : [];
  });
}

function resolve(from: string, spec: string): string | null {
  let base: string;
  if (spec.startsWith("@/")) base = spec.slice(2);
  else if (spec.startsWith(".")) base = path.join(path.dirname(from), spec);
  else return null; // a package
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts"), path.join(base, "index.tsx")]) {
    if (existsSync(path.join(root, candidate)) && statSync(path.join(root, candidate)).isFile()) return path.normalize(candidate);
  }
  return null;
}

/** Imports that run: `import type` and `export type` carry no code. */
function imports(file: string): string[] {
  const text = readFileSync(path.join(root, file), "utf8");
  const specs: string[] = [];
  for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?[^;]*?from\s+["']([^"']+)["']/gm)) if (!m[2]) specs.push(m[3]);
  for (const m of text.matchAll(/^\s*import\s+["']([^"']+)["']/gm)) specs.push(m[1]);
  for (const m of text.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)) specs.push(m[1]);
  return specs.map((s) => resolve(file, s)).filter((f): f is string => f !== null);
}

function reachable(entries: string[]): Set<string> {
  const seen = new Set<string>();
  const stack = [...entries];
  while (stack.length) {
    const f = stack.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    stack.push(...imports(f));
  }
  return seen;
}

const remoteTouching = (set: Iterable<string>) =>
  [...set].filter((f) => !DEFINES.has(f) && REMOTE_CALL.test(readFileSync(path.join(root, f), "utf8"))).sort();

describe("the web process and remote git", () => {
  const web = reachable([...files("server/api"), ...files("server/http"), ...files("app")]);

  it("reaches no remote-touching git beyond the known list, and none of a release's", () => {
    expect(web.size).toBeGreaterThan(100); // the walk really follows the imports
    expect(remoteTouching(web)).toEqual(KNOWN_WEB_REMOTE_GIT);
    for (const worker of [
      "server/domain/apps/create-app.ts",
      "server/domain/apps/deploy-branch.ts",
      "server/domain/builds/rerun-build.ts",
      "server/domain/repositories/detect-services.ts",
      "server/domain/repositories/test-connection.ts",
      "server/domain/triggers/handle-branch.ts",
      "server/domain/releases/prod-clone.ts",
      "server/domain/releases/release-clone.ts",
      "server/domain/releases/run-release.ts",
    ])
      expect(web.has(worker), worker).toBe(false);
  });

  it("sees a release's git from the worker, so the walk would catch a router importing it", () => {
    const worker = reachable(["worker/jobs/handlers.ts"]);
    expect(remoteTouching(worker)).toEqual(
      expect.arrayContaining([
        "server/domain/releases/prod-clone.ts",
        "server/domain/releases/release-clone.ts",
        "server/domain/repositories/test-connection.ts",
        "server/domain/apps/deploy-branch.ts",
      ]),
    );
  });
});
