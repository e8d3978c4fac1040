import { createHash, randomUUID } from "node:crypto";
import { lstat, mkdir, readFile, readdir, realpath, rename, rm, stat, utimes, writeFile, chmod } from "node:fs/promises";
import path from "node:path";
import { execa } from "execa";

/**
 * node_modules kept per app and service under the data folder, keyed by what `npm ci` would
 * produce from: the lockfile, the manifest's dependency fields, Node's version and the install flags,
 * and the service's cache epoch ("Clear cache" increments it). Only the worker (root) reads or writes
 * entries, in a root-only folder the sandbox never binds. It keeps a finished node_modules right
 * after a successful install (before any test runs) as hard links whose files it then makes root's
 * and read-only — once the step's processes are gone, so nothing can still write them — and restores
 * an entry the same way: fresh directories the build owns, the same read-only files. A build may
 * delete, rename or add files in its node_modules, never change a cached file's content. Copying
 * instead costs ~2 ms per file here (lodash alone is 1,000 files), hard links ~0.1 ms. A package
 * with install scripts of its own gets a real copy (its scripts run again and may patch files).
 */
export const dependencyCacheRoot = (dataDir: string) => path.join(dataDir, "dependency-cache");
export const serviceCacheDir = (o: { dataDir: string; appId: string; serviceId: string }) =>
  path.join(dependencyCacheRoot(o.dataDir), o.appId, o.serviceId);

const exists = (p: string) =>
  stat(p).then(
    () => true,
    () => false,
  );
const sha256 = (s: string | Buffer) => createHash("sha256").update(s).digest("hex");
const MANIFEST_FIELDS = [
  "dependencies",
  "devDependencies",
  "optionalDependencies",
  "peerDependencies",
  "overrides",
  "bundleDependencies",
  "bundledDependencies",
  "workspaces",
];
// Copies keep modes, times and symlinks as symlinks, never the builder's ownership; links share the files.
const COPY = ["-R", "-P", "--preserve=mode,timestamps,links", "--"];
const LINK = ["-R", "-P", "--link", "--"];
const META = "meta.json";

interface Meta {
  epoch: number;
  bytes: number;
  storedAt: string;
}

/** The key of a service folder's installed dependencies, or null without a lockfile (nothing reproducible to cache). */
export async function dependencyCacheKey(o: { serviceDir: string; args: string[]; epoch: number }): Promise<string | null> {
  const lockfile =
    (await readFile(path.join(o.serviceDir, "package-lock.json")).catch(() => null)) ??
    (await readFile(path.join(o.serviceDir, "npm-shrinkwrap.json")).catch(() => null));
  if (!lockfile) return null;
  const manifest = JSON.parse(await readFile(path.join(o.serviceDir, "package.json"), "utf8")) as Record<string, unknown>;
  const deps = Object.fromEntries(MANIFEST_FIELDS.filter((f) => f in manifest).map((f) => [f, manifest[f]]));
  const material = {
    v: 1,
    epoch: o.epoch,
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    args: o.args,
    lock: sha256(lockfile),
    deps,
  };
  return sha256(JSON.stringify(material)).slice(0, 24);
}

/** A folder of the build's that the worker (root) writes into: it must really lie inside the build folder. */
async function insideBuild(serviceDir: string, workDir: string) {
  const [real, root] = await Promise.all([realpath(serviceDir), realpath(workDir)]);
  if (real !== root && !real.startsWith(root + path.sep)) throw new Error("the service folder leaves the build folder");
  return real;
}

/** Puts a cached node_modules into the service folder (directories owned like the build folder); false when there is none. */
export async function restoreDependencies(o: {
  cacheDir: string;
  key: string;
  serviceDir: string;
  workDir: string;
  copy: boolean;
}): Promise<boolean> {
  const entry = path.join(o.cacheDir, o.key);
  if (!(await exists(path.join(entry, META)))) return false;
  const dir = await insideBuild(o.serviceDir, o.workDir);
  const target = path.join(dir, "node_modules");
  await rm(target, { recursive: true, force: true }); // a committed node_modules, or a symlink: never followed
  await execa("cp", [...(o.copy ? COPY : LINK), path.join(entry, "node_modules"), target]);
  const owner = await stat(o.workDir);
  if (owner.uid !== process.getuid?.() || owner.gid !== process.getgid?.()) {
    const who = `${owner.uid}:${owner.gid}`;
    // Linked files stay root's: handing one over would hand over the cached inode.
    if (o.copy) await execa("chown", ["-R", "-h", who, "--", target]);
    else await execa("find", [target, "-type", "d", "-exec", "chown", who, "{}", "+"]);
  }
  const now = new Date();
  await utimes(path.join(entry, META), now, now); // last use, for eviction
  return true;
}

/** Keeps a successful install's node_modules for the next build; returns why not when it does not. */
export async function storeDependencies(o: {
  dataDir: string;
  cacheDir: string;
  key: string;
  serviceDir: string;
  workDir: string;
  epoch: number;
  maxBytes: number;
}): Promise<string | null> {
  const entry = path.join(o.cacheDir, o.key);
  if (await exists(entry)) return null;
  const source = path.join(await insideBuild(o.serviceDir, o.workDir), "node_modules");
  const st = await lstat(source).catch(() => null);
  if (!st?.isDirectory()) return "no node_modules folder after the install";
  await mkdir(o.cacheDir, { recursive: true });
  await chmod(dependencyCacheRoot(o.dataDir), 0o700);
  const tmp = path.join(o.cacheDir, `.tmp-${randomUUID()}`);
  try {
    await mkdir(tmp, { mode: 0o700 });
    await execa("cp", [...LINK, source, path.join(tmp, "node_modules")]);
    // Nobody but root may write these files from now on (the build's own links too), and no set-id bit survives.
    if (process.getuid?.() === 0) await execa("chown", ["-R", "-h", "0:0", "--", tmp]);
    await execa("chmod", ["-R", "go-w,ug-s", "--", tmp]);
    const bytes = Number((await execa("du", ["-sb", "--", tmp])).stdout.split(/\s/)[0]);
    if (bytes > o.maxBytes) return `node_modules is ${Math.round(bytes / 1048576)} MiB, more than the cache holds`;
    await writeFile(path.join(tmp, META), JSON.stringify({ epoch: o.epoch, bytes, storedAt: new Date().toISOString() } satisfies Meta));
    await rename(tmp, entry).catch(async (e: NodeJS.ErrnoException) => {
      if (e.code !== "ENOTEMPTY" && e.code !== "EEXIST") throw e; // another build of the same key stored first
    });
    return null;
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/**
 * Drops entries unused for maxAgeMs, a service's entries from before its current epoch, half-written
 * copies, then the least recently used ones until all of them fit in maxBytes.
 */
export async function pruneDependencyCache(o: {
  dataDir: string;
  maxBytes: number;
  maxAgeMs: number;
  current?: { cacheDir: string; epoch: number };
  now?: number;
}) {
  const now = o.now ?? Date.now();
  const root = dependencyCacheRoot(o.dataDir);
  const entries: Array<{ dir: string; bytes: number; usedAt: number }> = [];
  for (const app of await readdir(root).catch(() => [] as string[])) {
    for (const service of await readdir(path.join(root, app)).catch(() => [] as string[])) {
      const serviceDir = path.join(root, app, service);
      for (const name of await readdir(serviceDir).catch(() => [] as string[])) {
        const dir = path.join(serviceDir, name);
        const metaFile = path.join(dir, META);
        const [st, text] = await Promise.all([stat(metaFile).catch(() => null), readFile(metaFile, "utf8").catch(() => null)]);
        const meta = text ? (JSON.parse(text) as Meta) : null;
        const stale = !st || !meta || now - st.mtimeMs > o.maxAgeMs || (o.current?.cacheDir === serviceDir && meta.epoch < o.current.epoch);
        // A copy in progress has no meta yet: only one older than an hour is abandoned.
        const abandoned = name.startsWith(".tmp-") && now - ((await stat(dir).catch(() => null))?.mtimeMs ?? 0) > 3_600_000;
        if (name.startsWith(".tmp-") ? abandoned : stale) await rm(dir, { recursive: true, force: true });
        else if (st && meta) entries.push({ dir, bytes: meta.bytes, usedAt: st.mtimeMs });
      }
    }
  }
  let total = entries.reduce((n, e) => n + e.bytes, 0);
  for (const e of entries.sort((a, b) => a.usedAt - b.usedAt)) {
    if (total <= o.maxBytes) break;
    await rm(e.dir, { recursive: true, force: true });
    total -= e.bytes;
  }
}
