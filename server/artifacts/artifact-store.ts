import { copyFile, link, lstat, mkdir, readdir, readlink, rm, stat, symlink } from "node:fs/promises";
import type { Stats } from "node:fs";
import path from "node:path";
import { getEnv, type Env } from "../env";
import { createS3Artifacts, isS3Location, type S3Settings } from "./s3-artifacts";

/**
 * Where deployments' artifacts and `slipway deploy` uploads live, behind one interface, so a
 * worker, a runtime and the web app on different hosts see the same ones.
 * - data folder (default): artifacts are folders under SLIPWAY_DATA_DIR/deployments, uploads files
 *   under SLIPWAY_DATA_DIR/uploads: one host, or a data folder every process shares.
 * - s3: artifacts are tarballs at deployments/<id>.tar.gz, uploads at uploads/<name>, in an
 *   S3-compatible bucket (MinIO, AWS S3). A runtime fetches an artifact it does not have into its
 *   own cache folder and checks the digest recorded at deploy before anything loads it.
 * The location recorded as Deployment.artifactPath says which: an absolute path or s3://bucket/key,
 * so deployments made before a switch to S3 still serve from where they are.
 */
export interface ArtifactStore {
  readonly kind: "data-dir" | "s3";
  /** The folder the worker writes a new deployment's artifact into (on its own disk). */
  stagingFolder(deploymentId: string): string;
  /** Keeps the artifact written in stagingFolder; returns its location (Deployment.artifactPath). */
  putDeployment(o: { deploymentId: string }): Promise<string>;
  /** A local folder holding the artifact; fetched into this process's cache when it is elsewhere, and refused unless it matches `digest`. */
  fetchDeployment(o: { deploymentId: string; location: string; digest: string | null }): Promise<string>;
  hasDeployment(location: string): Promise<boolean>;
  deleteDeployment(o: { deploymentId: string; location: string }): Promise<void>;
  /** Keeps an uploaded working copy written at dataDir/<name> (name = uploads/<file>); the local file may go afterwards. */
  putUpload(name: string): Promise<void>;
  /** Runs `fn` with a local copy of an upload, or returns null when it is gone. */
  withUpload<T>(name: string, fn: (file: string) => Promise<T>): Promise<T | null>;
  deleteUpload(name: string): Promise<void>;
  listUploads(): Promise<{ name: string; modifiedAt: Date }[]>;
}

const exists = (p: string) =>
  stat(p).then(
    () => true,
    () => false,
  );

export function createArtifactStore({ dataDir, s3 }: { dataDir: string; s3?: S3Settings | null }): ArtifactStore {
  const remote = s3 ? createS3Artifacts({ settings: s3, cacheDir: path.join(dataDir, "artifact-cache") }) : null;
  const stagingFolder = (id: string) => path.join(dataDir, "deployments", id);
  const uploadsDir = path.join(dataDir, "uploads");
  const local = (name: string) => path.join(dataDir, name);

  return {
    kind: remote ? "s3" : "data-dir",
    stagingFolder,
    async putDeployment({ deploymentId }) {
      const folder = stagingFolder(deploymentId);
      if (!remote) return folder;
      return remote.putDeployment(deploymentId, folder);
    },
    async fetchDeployment({ deploymentId, location, digest }) {
      if (!isS3Location(location)) return location;
      // The worker that built it still has it: no download (the runtime checks its digest before loading it).
      if (await exists(stagingFolder(deploymentId))) return stagingFolder(deploymentId);
      if (!remote) throw new Error(`deployment ${deploymentId} is stored in S3 (${location}) but ARTIFACT_STORE is not s3 here`);
      return remote.fetchDeployment(deploymentId, location, digest);
    },
    async hasDeployment(location) {
      if (!location) return false;
      if (!isS3Location(location)) return exists(location);
      return remote ? remote.has(location) : false;
    },
    async deleteDeployment({ deploymentId, location }) {
      if (isS3Location(location)) await remote?.deleteDeployment(deploymentId, location);
      else if (location) await rm(location, { recursive: true, force: true });
      // The worker's own copy (S3 mode keeps the staging folder as its cache) goes too.
      await rm(stagingFolder(deploymentId), { recursive: true, force: true });
    },
    async putUpload(name) {
      if (!remote) return;
      await remote.putFile(name, local(name));
      await rm(local(name), { force: true });
    },
    async withUpload(name, fn) {
      if (await exists(local(name))) return fn(local(name));
      if (!remote) return null;
      return remote.withFile(name, fn);
    },
    async deleteUpload(name) {
      await rm(local(name), { force: true });
      await remote?.deleteKey(name);
    },
    async listUploads() {
      const names = await readdir(uploadsDir).catch(() => [] as string[]);
      const here = (
        await Promise.all(
          names.map(async (n) => {
            const info = await stat(path.join(uploadsDir, n)).catch(() => null);
            return info ? { name: path.join("uploads", n), modifiedAt: info.mtime } : null;
          }),
        )
      ).filter((x) => x !== null);
      return remote ? [...here, ...(await remote.list("uploads/"))] : here;
    },
  };
}

/** The S3 settings of a configuration, or null for the data folder. */
export function s3Settings(env: Env): S3Settings | null {
  if (env.ARTIFACT_STORE !== "s3") return null;
  return {
    endpoint: env.ARTIFACT_S3_ENDPOINT,
    bucket: env.ARTIFACT_S3_BUCKET!,
    region: env.ARTIFACT_S3_REGION,
    accessKeyId: env.ARTIFACT_S3_ACCESS_KEY_ID,
    secretAccessKey: env.ARTIFACT_S3_SECRET_ACCESS_KEY,
  };
}

const stores = new Map<string, ArtifactStore>();

/** One store per configuration per process (its S3 client and fetch cache are shared). */
export function artifactStoreFor(env: Env): ArtifactStore {
  const key = JSON.stringify([env.SLIPWAY_DATA_DIR, s3Settings(env)]);
  let store = stores.get(key);
  if (!store) stores.set(key, (store = createArtifactStore({ dataDir: env.SLIPWAY_DATA_DIR, s3: s3Settings(env) })));
  return store;
}

/**
 * Copies a built service into a new deployment's staging folder (without .git). Files nobody but
 * root may change — the dependency cache's hard links in node_modules (worker/steps/dependency-cache.ts)
 * — are linked, not copied: a warm build's thousand package files cost a link each. Everything the
 * build could write is copied, so the artifact never shares a writable file with a build folder.
 */
export async function stageArtifact(store: ArtifactStore, deploymentId: string, from: string): Promise<string> {
  const folder = store.stagingFolder(deploymentId);
  await mkdir(path.dirname(folder), { recursive: true });
  await copyTree(from, folder);
  return folder;
}

/** Root's, written only by root, and already linked from elsewhere: a file of the dependency cache. */
const immutable = (st: Stats) => st.uid === 0 && (st.mode & 0o022) === 0 && st.nlink > 1 && (st.mode & 0o6000) === 0;

async function copyTree(from: string, to: string) {
  const st = await stat(from);
  await mkdir(to, { mode: st.mode & 0o777 });
  for (const entry of await readdir(from, { withFileTypes: true })) {
    if (entry.name === ".git") continue;
    const src = path.join(from, entry.name);
    const dst = path.join(to, entry.name);
    if (entry.isDirectory()) await copyTree(src, dst);
    else if (entry.isSymbolicLink()) await symlink(await readlink(src), dst);
    else if (entry.isFile()) {
      // Another file system (EXDEV) cannot link: copy.
      if (immutable(await lstat(src))) await link(src, dst).catch(() => copyFile(src, dst));
      else await copyFile(src, dst);
    }
  }
}

/** Whether a recorded artifact location still holds the artifact, in this process's configured store. */
export function artifactExists(location: string): Promise<boolean> {
  return artifactStoreFor(getEnv()).hasDeployment(location);
}

/** Deletes a deployment's artifact from this process's configured store (and any cached copy). */
export function deleteStoredArtifact(o: { deploymentId: string; location: string }): Promise<void> {
  return artifactStoreFor(getEnv()).deleteDeployment(o);
}
