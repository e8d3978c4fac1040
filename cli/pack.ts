import { existsSync } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import ignore, { type Ignore } from "ignore";
import * as tar from "tar";

/** The largest working copy the server accepts, compressed (the server enforces it too). */
export const MAX_ARCHIVE_BYTES = 50 * 1024 * 1024;
/** Never packed, whatever .gitignore says: history, dependencies (the build installs them), build output. */
const ALWAYS_SKIPPED = new Set([".git", "node_modules", ".serverless"]);

export class PackError extends Error {}

/** The repository root above `dir` (the folder holding .git), or null outside a repository. */
export function findRepoRoot(dir: string): string | null {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (existsSync(path.join(d, ".git"))) return d;
    if (path.dirname(d) === d) return null;
  }
}

/** Like git: the deepest .gitignore with an opinion on the path wins (so `!keep.log` below re-includes it). */
function isIgnored(rules: { base: string; ig: Ignore }[], p: string, isDir: boolean): boolean {
  for (let i = rules.length - 1; i >= 0; i--) {
    const { base, ig } = rules[i]!;
    const verdict = ig.test(`${path.posix.relative(base, p)}${isDir ? "/" : ""}`);
    if (verdict.ignored) return true;
    if (verdict.unignored) return false;
  }
  return false;
}

/** Files under `root` that git would not ignore: every .gitignore on the way down applies below its folder. */
export async function listWorkingCopy(root: string): Promise<string[]> {
  const files: string[] = [];
  async function walk(rel: string, rules: { base: string; ig: Ignore }[]) {
    const dir = path.join(root, rel);
    const gitignore = await readFile(path.join(dir, ".gitignore"), "utf8").catch(() => null);
    const here = gitignore === null ? rules : [...rules, { base: rel, ig: ignore().add(gitignore) }];
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      if (ALWAYS_SKIPPED.has(e.name)) continue;
      const p = rel ? `${rel}/${e.name}` : e.name;
      const isDir = e.isDirectory();
      if (!isDir && !e.isFile()) continue; // links and sockets are not sent
      if (isIgnored(here, p, isDir)) continue;
      if (isDir) await walk(p, here);
      else files.push(p);
    }
  }
  await walk("", []);
  return files;
}

/**
 * Packs a working copy as tar.gz in memory, laid out like the repository so the server finds the
 * service at its usual folder: from the repository root when there is one, else the current folder
 * placed at `servicePath`. Stops with a clear error past the size limit.
 */
export async function packWorkingCopy(cwd: string, servicePath: string, limit = MAX_ARCHIVE_BYTES) {
  const repoRoot = findRepoRoot(cwd);
  const root = repoRoot ?? cwd;
  const files = await listWorkingCopy(root);
  if (files.length === 0) throw new PackError(`Nothing to upload in ${root}.`);
  let raw = 0;
  for (const f of files) raw += (await stat(path.join(root, f))).size;
  const chunks: Buffer[] = [];
  let size = 0;
  const stream = tar.c({ gzip: true, cwd: root, portable: true, prefix: repoRoot ? undefined : servicePath }, files);
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      throw new PackError(
        `The working copy is more than ${Math.round(limit / 1024 / 1024)} MB compressed (${files.length} files, ${(raw / 1024 / 1024).toFixed(1)} MB): add large files to .gitignore.`,
      );
    }
    chunks.push(chunk);
  }
  return { archive: Buffer.concat(chunks), files: files.length, rawBytes: raw, root, repoRoot };
}
