import { realpathSync, statSync } from "node:fs";
import path from "node:path";

/** Config and referenced files are read whole into memory: a repository cannot make the worker read gigabytes. */
export const MAX_CONFIG_FILE_BYTES = 5 * 1024 * 1024;

export type Containment =
  { ok: true; absolute: string; size: number } | { ok: false; reason: string } | { ok: "missing"; absolute: string };

/**
 * Where `target` (relative to `baseDir`) really is, if it stays inside `rootDir` — the build's
 * repository checkout. Both the path as written (`../../../etc/passwd`, `/etc/passwd`) and where
 * symlinks lead (a committed link to `/etc/shadow`) are checked: files outside the checkout
 * belong to the machine, not to the repository.
 */
export function resolveInsideRoot(rootDir: string, baseDir: string, target: string): Containment {
  const root = path.resolve(rootDir);
  const absolute = path.resolve(baseDir, target);
  if (!isInside(root, absolute)) return { ok: false, reason: `"${target}" is outside the repository checkout` };
  let real: string;
  try {
    real = realpathSync(absolute);
  } catch {
    return { ok: "missing", absolute };
  }
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    realRoot = root;
  }
  if (!isInside(realRoot, real)) return { ok: false, reason: `"${target}" is a link to a file outside the repository checkout` };
  const stats = statSync(real);
  if (!stats.isFile()) return { ok: "missing", absolute };
  if (stats.size > MAX_CONFIG_FILE_BYTES) {
    return {
      ok: false,
      reason: `"${target}" is ${stats.size} bytes; files read while resolving the configuration are limited to ${MAX_CONFIG_FILE_BYTES}`,
    };
  }
  return { ok: true, absolute: real, size: stats.size };
}

export function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}
