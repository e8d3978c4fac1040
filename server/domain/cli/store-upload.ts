import { createHash, randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { DomainError } from "../errors";
import type { ArtifactStore } from "../../artifacts/artifact-store";

/** The largest working copy `slipway deploy` may upload (compressed). */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

/**
 * Streams an uploaded tar.gz into the data dir, then into the artifact store (server/artifacts), never
 * holding it in memory and stopping at the size limit. Returns its path relative to the data dir
 * and its sha256, which stands in for a commit sha.
 */
export async function storeUpload(
  dataDir: string,
  body: ReadableStream<Uint8Array> | null,
  opts: { limit?: number; optional?: boolean; store?: Pick<ArtifactStore, "putUpload"> } = {},
) {
  const limit = opts.limit ?? MAX_UPLOAD_BYTES;
  if (!body) {
    if (opts.optional) return null;
    throw new DomainError("BAD_INPUT", "Send the working copy as a tar.gz request body.");
  }
  const relative = path.join("uploads", `${Date.now()}-${randomBytes(8).toString("hex")}.tar.gz`);
  const file = path.join(dataDir, relative);
  await mkdir(path.dirname(file), { recursive: true });
  const out = createWriteStream(file, { mode: 0o600 });
  const hash = createHash("sha256");
  let size = 0;
  try {
    for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
      if (size === 0 && (chunk[0] !== 0x1f || chunk[1] !== 0x8b)) throw new DomainError("BAD_INPUT", "The body is not a gzip archive.");
      size += chunk.length;
      if (size > limit) throw new DomainError("BAD_INPUT", `The upload is larger than ${Math.round(limit / 1024 / 1024)} MB.`);
      hash.update(chunk);
      if (!out.write(chunk)) await new Promise<void>((r) => out.once("drain", () => r()));
    }
    await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
    if (size === 0) {
      await rm(file, { force: true });
      if (opts.optional) return null;
      throw new DomainError("BAD_INPUT", "Send the working copy as a tar.gz request body.");
    }
  } catch (e) {
    out.destroy();
    await rm(file, { force: true });
    throw e;
  }
  // In S3 mode the bucket keeps it (a worker on another host unpacks it); the local file goes.
  await opts.store?.putUpload(relative).catch(async (e: Error) => {
    await rm(file, { force: true });
    throw new DomainError("UNAVAILABLE", `The upload could not be stored: ${e.message}`);
  });
  return { relative, size, sha256: hash.digest("hex") };
}
