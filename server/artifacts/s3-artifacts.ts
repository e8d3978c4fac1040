import { randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, mkdtemp, rename, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import * as tar from "tar";
import { verifyArtifact } from "./artifact-digest";

export interface S3Settings {
  /** S3-compatible endpoint (MinIO: http://minio:9000); unset = AWS S3 of the region. */
  endpoint?: string;
  bucket: string;
  region: string;
  /** Unset = the SDK's default credential chain (instance role, AWS_* of the process). */
  accessKeyId?: string;
  secretAccessKey?: string;
}

export const isS3Location = (location: string) => location.startsWith("s3://");

function parseLocation(location: string): { bucket: string; key: string } {
  const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(location);
  if (!m) throw new Error(`not an S3 location: ${location}`);
  return { bucket: m[1], key: m[2] };
}

const notFound = (e: unknown) => {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  return err.name === "NotFound" || err.name === "NoSuchKey" || err.name === "NoSuchBucket" || err.$metadata?.httpStatusCode === 404;
};

/** The S3 half of the artifact store (artifact-store.ts): tarballs of artifact folders, plain files for uploads. */
export function createS3Artifacts({ settings, cacheDir }: { settings: S3Settings; cacheDir: string }) {
  const client = new S3Client({
    region: settings.region,
    endpoint: settings.endpoint,
    // MinIO and other S3-compatible servers address buckets by path, not by DNS name.
    forcePathStyle: Boolean(settings.endpoint),
    // Checksums only where S3 requires them: S3-compatible servers (s3rver, older MinIO) do not all read aws-chunked bodies.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    ...(settings.accessKeyId &&
      settings.secretAccessKey && { credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } }),
  });
  const { bucket } = settings;
  let bucketReady: Promise<void> | null = null;
  const fetching = new Map<string, Promise<string>>();

  /** Creates the bucket at the first write if it is missing (a fresh MinIO has none). */
  function ensureBucket() {
    bucketReady ??= client.send(new HeadBucketCommand({ Bucket: bucket })).then(
      () => undefined,
      async (e) => {
        if (!notFound(e)) throw e;
        await client.send(new CreateBucketCommand({ Bucket: bucket }));
      },
    );
    bucketReady.catch(() => (bucketReady = null));
    return bucketReady;
  }

  async function putFile(key: string, file: string) {
    await ensureBucket();
    const { size } = await stat(file);
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: createReadStream(file), ContentLength: size }));
  }

  async function download(location: { bucket: string; key: string }, to: string) {
    const res = await client.send(new GetObjectCommand({ Bucket: location.bucket, Key: location.key }));
    await pipeline(res.Body as Readable, createWriteStream(to, { mode: 0o600 }));
  }

  async function fetchOnce(deploymentId: string, location: string, digest: string | null): Promise<string> {
    const folder = path.join(cacheDir, deploymentId);
    if (
      await stat(folder).then(
        () => true,
        () => false,
      )
    )
      return folder;
    await mkdir(cacheDir, { recursive: true });
    const tmp = await mkdtemp(path.join(cacheDir, `.${deploymentId}-`));
    try {
      const tarball = path.join(tmp, "artifact.tar.gz");
      const unpacked = path.join(tmp, "artifact");
      await download(parseLocation(location), tarball).catch((e: Error) => {
        throw new Error(
          `could not fetch the artifact of deployment ${deploymentId} from ${location}: ${notFound(e) ? "it is not in the bucket" : e.message}`,
        );
      });
      await mkdir(unpacked);
      // Written by our worker; links stay (node_modules/.bin), tar keeps paths inside `unpacked`.
      await tar.x({ file: tarball, cwd: unpacked, strict: true, preservePaths: false, preserveOwner: false });
      // The artifact is checked before it is used: a tampered object never gets to a handler.
      if (!digest) throw new Error(`deployment ${deploymentId} has no recorded digest: refusing an artifact fetched from S3 unchecked`);
      await verifyArtifact(deploymentId, unpacked, digest);
      await rename(unpacked, folder).catch(async (e: NodeJS.ErrnoException) => {
        // Another process sharing this cache got there first: theirs is as good.
        if (e.code !== "ENOTEMPTY" && e.code !== "EEXIST") throw e;
      });
      return folder;
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  }

  return {
    async putDeployment(deploymentId: string, folder: string): Promise<string> {
      const key = `deployments/${deploymentId}.tar.gz`;
      const tmp = await mkdtemp(path.join(os.tmpdir(), "slipway-artifact-"));
      try {
        const tarball = path.join(tmp, "artifact.tar.gz");
        await tar.c({ gzip: true, cwd: folder, file: tarball, portable: true }, ["."]);
        await putFile(key, tarball);
      } finally {
        await rm(tmp, { recursive: true, force: true });
      }
      return `s3://${bucket}/${key}`;
    },
    /** One fetch per deployment at a time in this process; a failed one is tried again next time. */
    fetchDeployment(deploymentId: string, location: string, digest: string | null): Promise<string> {
      let p = fetching.get(deploymentId);
      if (!p) {
        p = fetchOnce(deploymentId, location, digest);
        fetching.set(deploymentId, p);
        p.catch(() => fetching.delete(deploymentId));
      }
      return p;
    },
    async has(location: string) {
      const { bucket: b, key } = parseLocation(location);
      return client.send(new HeadObjectCommand({ Bucket: b, Key: key })).then(
        () => true,
        (e) => {
          if (notFound(e)) return false;
          throw e;
        },
      );
    },
    async deleteDeployment(deploymentId: string, location: string) {
      const { bucket: b, key } = parseLocation(location);
      await client.send(new DeleteObjectCommand({ Bucket: b, Key: key }));
      fetching.delete(deploymentId);
      await rm(path.join(cacheDir, deploymentId), { recursive: true, force: true });
    },
    putFile,
    async withFile<T>(key: string, fn: (file: string) => Promise<T>): Promise<T | null> {
      const tmp = await mkdtemp(path.join(os.tmpdir(), "slipway-upload-"));
      try {
        const file = path.join(tmp, `${randomBytes(4).toString("hex")}-${path.basename(key)}`);
        const got = await download({ bucket, key }, file).then(
          () => true,
          (e) => {
            if (notFound(e)) return false;
            throw e;
          },
        );
        return got ? await fn(file) : null;
      } finally {
        await rm(tmp, { recursive: true, force: true });
      }
    },
    async deleteKey(key: string) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key })).catch((e) => {
        if (!notFound(e)) throw e;
      });
    },
    async list(prefix: string): Promise<{ name: string; modifiedAt: Date }[]> {
      const out: { name: string; modifiedAt: Date }[] = [];
      let token: string | undefined;
      do {
        const res = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token })).catch((e) => {
          if (notFound(e)) return null;
          throw e;
        });
        if (!res) break;
        for (const o of res.Contents ?? []) if (o.Key) out.push({ name: o.Key, modifiedAt: o.LastModified ?? new Date(0) });
        token = res.IsTruncated ? res.NextContinuationToken : undefined;
      } while (token);
      return out;
    },
  };
}
