import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "dotenv";
import { expand } from "dotenv-expand";
import { resolveInsideRoot } from "./inside-root";

/**
 * `useDotenv: true`: v3 loads `.env.<stage>` when it exists, else `.env`, from the service folder,
 * expands `${X}` in values (dotenv + dotenv-expand, the libraries v3 uses; the environment first, then
 * the file's earlier keys), and never overrides a variable the environment already has.
 */
export function loadDotenv(
  serviceDir: string,
  stage: string,
  env: Record<string, string | undefined>,
  rootDir: string = serviceDir,
): Record<string, string | undefined> {
  // The stage is part of a file name: keep it to one plain segment.
  const candidates = /^[\w.-]+$/.test(stage) && !stage.startsWith(".") ? [`.env.${stage}`, ".env"] : [".env"];
  const file = candidates.map((name) => path.join(serviceDir, name)).find((p) => existsSync(p));
  if (!file) return env;
  // A committed `.env` that links outside the checkout (to the worker's own files) is not read.
  if (resolveInsideRoot(rootDir, serviceDir, path.basename(file)).ok !== true) return env;
  const source = readFileSync(file, "utf8");
  const parsed = parse(source);
  // dotenv drops the quotes; a single-quoted value stays literal (as in a shell), so it is not expanded.
  const literal = singleQuotedKeys(source);
  const context: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) context[key] = value;
  const toExpand: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (!literal.has(key)) toExpand[key] = value;
    else context[key] ??= value;
  }
  expand({ parsed: toExpand, processEnv: context });
  const merged: Record<string, string | undefined> = { ...env };
  for (const [key, value] of Object.entries(parsed)) {
    if (merged[key] === undefined) merged[key] = literal.has(key) ? value : toExpand[key];
  }
  return merged;
}

/** Keys whose value starts with a single quote (`KEY='…'`). */
function singleQuotedKeys(source: string): Set<string> {
  const keys = new Set<string>();
  for (const match of source.matchAll(/^\s*(?:export\s+)?([\w.-]+)\s*=\s*'/gm)) keys.add(match[1]!);
  return keys;
}
