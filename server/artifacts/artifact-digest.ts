import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { lstat, readdir, readlink } from "node:fs/promises";
import type { Stats } from "node:fs";
import path from "node:path";

/**
 * The digest of a deployment's artifact: sha256 of a manifest listing every file's path and
 * content hash (and every symlink's target), in a fixed order. Recorded when the worker stores
 * the artifact; the runtime checks it before a handler loads the folder, so an artifact changed
 * on disk after its deploy is refused instead of served. Owners and modes are not in it: the
 * runtime hands the folder to the instance's uid.
 */
export async function digestArtifact(root: string): Promise<string> {
  const manifest = createHash("sha256");
  async function walk(rel: string) {
    const names = (await readdir(path.join(root, rel))).sort();
    for (const name of names) {
      const r = rel ? `${rel}/${name}` : name;
      const full = path.join(root, r);
      const st = await lstat(full);
      if (st.isDirectory()) {
        manifest.update(`d ${r}\n`);
        await walk(r);
      } else if (st.isSymbolicLink()) manifest.update(`l ${await readlink(full)} ${r}\n`);
      else if (st.isFile()) manifest.update(`f ${await hashFile(full, st)} ${r}\n`);
    }
  }
  await walk("");
  return `sha256:${manifest.digest("hex")}`;
}

/**
 * Content hashes of files this process has read, by inode. A package file of the dependency cache
 * is hard-linked into every artifact of its app and is hashed once: it is root's and nobody else
 * may write it (nor set its modification time back), so inode + size + modification time identify
 * its content — its change time moves with every new link. Any other file is keyed by its change
 * time too, which every write moves and only root can set back (through the clock).
 */
const known = new Map<string, string>();
const KNOWN_MAX = 200_000;
const rootOnly = (st: Stats) => st.uid === 0 && (st.mode & 0o022) === 0;

async function hashFile(file: string, st: Stats): Promise<string> {
  const key = `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}${rootOnly(st) ? "" : `:${st.ctimeMs}`}`;
  const hit = known.get(key);
  if (hit) return hit;
  const hash = await hashContent(file);
  // Kept only for a file that did not change while it was read and last changed well before
  // (file times are coarse: a second write within the same tick would not move them — git's "racy" case).
  const after = await lstat(file);
  const settled = Date.now() - Math.max(st.mtimeMs, rootOnly(st) ? 0 : st.ctimeMs) > 2_000;
  if (settled && after.mtimeMs === st.mtimeMs && after.size === st.size && after.ino === st.ino) {
    if (known.size >= KNOWN_MAX) known.clear();
    known.set(key, hash);
  }
  return hash;
}

function hashContent(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash("sha256");
    createReadStream(file)
      .on("data", (c) => h.update(c))
      .on("error", reject)
      .on("end", () => resolve(h.digest("hex")));
  });
}

const verified = new Map<string, Promise<void>>();

/** Checks a deployment's artifact once per process (it is immutable); rejects on a mismatch. */
export function verifyArtifact(deploymentId: string, root: string, expected: string): Promise<void> {
  const key = `${deploymentId}\u0000${expected}`;
  let check = verified.get(key);
  if (!check) {
    check = digestArtifact(root).then((actual) => {
      if (actual !== expected) {
        throw new Error(
          `the artifact of deployment ${deploymentId} changed after it was deployed (digest ${actual.slice(0, 19)}…, recorded ${expected.slice(0, 19)}…): refusing to load it`,
        );
      }
    });
    verified.set(key, check);
    check.catch(() => verified.delete(key));
  }
  return check;
}
