import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";

/** What `next build` reads: the app's folders (tests excluded) and the config files next to them. */
const SOURCE_DIRS = ["app", "components", "server", "worker"];
const SOURCE_FILES = [
  "next.config.ts",
  "tsconfig.json",
  "tsconfig.next.json",
  "postcss.config.mjs",
  "package-lock.json",
  "proxy.ts",
  "instrumentation.ts",
  "prisma/schema.prisma",
];
const SKIP = /(^|\/)(node_modules|\.next|\.data)$|\.test\.tsx?$|\.spec\.tsx?$/;
/** Written next to `.next/BUILD_ID`: the sources that build was made from. */
const STAMP = "slipway-source-hash";

function walk(root: string, rel: string, out: string[]) {
  for (const entry of readdirSync(path.join(root, rel), { withFileTypes: true })) {
    const p = path.posix.join(rel, entry.name);
    if (SKIP.test(p)) continue;
    if (entry.isDirectory()) walk(root, p, out);
    else if (entry.isFile()) out.push(p);
  }
}

/** SHA-256 over the path and content of every source file the web build depends on. */
export function sourceHash(root: string): string {
  const files: string[] = [];
  for (const dir of SOURCE_DIRS) if (existsSync(path.join(root, dir))) walk(root, dir, files);
  for (const f of SOURCE_FILES) if (existsSync(path.join(root, f))) files.push(f);
  const hash = createHash("sha256");
  for (const f of files.sort())
    hash
      .update(f)
      .update("\0")
      .update(readFileSync(path.join(root, f)))
      .update("\0");
  return hash.digest("hex");
}

/** True when `.next` holds a finished build stamped with the hash of the current sources. */
export function buildIsFresh(root: string, hash = sourceHash(root)): boolean {
  const stamp = path.join(root, ".next", STAMP);
  return existsSync(path.join(root, ".next", "BUILD_ID")) && existsSync(stamp) && readFileSync(stamp, "utf8").trim() === hash;
}

/** Records that `.next` was built from these sources. */
export function stampBuild(root: string, hash = sourceHash(root)) {
  writeFileSync(path.join(root, ".next", STAMP), `${hash}\n`);
}

/**
 * Runs `next build` unless `.next` was built from exactly these sources: a checkout whose app
 * changed since the last build (not only one without BUILD_ID) gets a fresh build.
 */
export async function ensureNextBuild(opts: {
  root?: string;
  env?: Record<string, string | undefined>;
  log?: (line: string) => void;
}): Promise<boolean> {
  const root = opts.root ?? process.cwd();
  // Hashed before the build: an edit made while it runs leaves the stamp stale, so the next run rebuilds.
  const hash = sourceHash(root);
  if (buildIsFresh(root, hash)) return false;
  opts.log?.("• Building the web app (no build of these sources yet; about a minute)");
  await execa("npx", ["next", "build"], { cwd: root, env: opts.env, stdio: "inherit" });
  stampBuild(root, hash);
  return true;
}
