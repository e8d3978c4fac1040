import { mkdir, mkdtemp, readFile, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { Redis } from "ioredis";
import S3rver from "s3rver";
import * as tar from "tar";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createArtifactStore, stageArtifact, type ArtifactStore } from "../../server/artifacts/artifact-store";
import { digestArtifact } from "../sandbox/artifact-digest";
import { instanceUrl } from "../../server/domain/deployments/instance-url";
import { createTestDb, testRedisPrefix, type TestDb } from "../../scripts/test/test-db";
import type { Runtime } from "./server";
import { cleanup, createDeployment, createInstance, writeArtifact, startTestRuntime } from "./testing/fixtures";

// A real S3-compatible server on loopback; the worker's store and the runtime's store share only it.
let s3: S3rver;
let endpoint: string;
let t: TestDb;
let redis: Redis;
let runtime: Runtime;
let workerStore: ArtifactStore;
let runtimeStore: ArtifactStore;
let instanceId: string;
const prefix = testRedisPrefix();
const dirs: string[] = [];
const settings = () => ({ endpoint, bucket: "slipway-artifacts", region: "us-east-1", accessKeyId: "S3RVER", secretAccessKey: "S3RVER" });

async function tmp(name: string) {
  const d = await mkdtemp(path.join(os.tmpdir(), `slipway-${name}-`));
  dirs.push(d);
  return d;
}

/** What the worker does at deploy: stage the built folder, digest it, put it in the store, record the row. */
async function deploy(version: string) {
  const built = await writeArtifact(version);
  dirs.push(built);
  const row = await createDeployment(t.db, instanceId, "");
  const folder = await stageArtifact(workerStore, row.id, built);
  const digest = await digestArtifact(folder);
  const location = await workerStore.putDeployment({ deploymentId: row.id });
  await t.db.deployment.update({ where: { id: row.id }, data: { artifactPath: location, artifactDigest: digest } });
  return { id: row.id, location, digest };
}

beforeAll(async () => {
  s3 = new S3rver({ address: "127.0.0.1", port: 0, directory: await tmp("s3rver"), silent: true, vhostBuckets: false });
  endpoint = `http://127.0.0.1:${(await s3.run()).port}`;
  workerStore = createArtifactStore({ dataDir: await tmp("worker-data"), s3: settings() });
  runtimeStore = createArtifactStore({ dataDir: await tmp("runtime-data"), s3: settings() });
  t = await createTestDb();
  redis = new Redis("redis://127.0.0.1:6379", { maxRetriesPerRequest: null });
  instanceId = (await createInstance(t.db)).id;
  runtime = await startTestRuntime({
    db: t.db,
    redis,
    prefix,
    artifacts: runtimeStore,
  });
});

afterAll(async () => {
  await runtime?.close();
  await cleanup(redis, prefix, dirs);
  await redis?.quit();
  await t?.drop();
  await s3?.close();
});

describe("artifacts in S3", () => {
  it("a runtime with another data folder fetches a deployment it never had, checks it and serves it", async () => {
    const v1 = await deploy("v1");
    expect(v1.location).toBe(`s3://slipway-artifacts/deployments/${v1.id}.tar.gz`);
    await t.db.serviceInstance.update({ where: { id: instanceId }, data: { currentDeploymentId: v1.id } });
    const url = instanceUrl(
      { publicUrl: runtime.url, domain: "localhost" },
      { orgSlug: "acme", appSlug: "workshop", stage: "staging", serviceName: "restapi" },
    );
    const res = await fetch(`${url}/hello`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { version: string; cwd: string };
    expect(body.version).toBe("v1");
    expect(body.cwd).toContain(`${path.sep}artifact-cache${path.sep}${v1.id}`);
    expect(body.cwd.startsWith(workerStore.stagingFolder(v1.id))).toBe(false);
    expect(await runtimeStore.hasDeployment(v1.location)).toBe(true);
  });

  it("refuses an artifact changed in the bucket after its deploy, and keeps nothing of it", async () => {
    const v2 = await deploy("v2");
    // Someone with write access to the bucket swaps the tarball for one with other code.
    const evil = await tmp("evil");
    await writeFile(path.join(evil, "index.js"), `exports.hello = async () => ({ statusCode: 200, body: "pwned" });`);
    const tarball = path.join(await tmp("evil-tar"), "a.tar.gz");
    await tar.c({ gzip: true, cwd: evil, file: tarball, portable: true }, ["."]);
    const client = new S3Client({
      region: "us-east-1",
      endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
    });
    await client.send(
      new PutObjectCommand({ Bucket: "slipway-artifacts", Key: `deployments/${v2.id}.tar.gz`, Body: await readFile(tarball) }),
    );
    client.destroy();

    await expect(runtime.prepare(v2.id)).rejects.toThrow(`the artifact of deployment ${v2.id} changed after it was deployed`);
    const cached = path.join(path.dirname(path.dirname(runtimeStore.stagingFolder(v2.id))), "artifact-cache", v2.id);
    expect(
      await stat(cached).then(
        () => true,
        () => false,
      ),
    ).toBe(false);
    expect(runtime.pool.size()).toBeLessThanOrEqual(7); // only v1's children: nothing of v2 started
  });

  it("refuses a deployment in S3 without a recorded digest", async () => {
    const v3 = await deploy("v3");
    await t.db.deployment.update({ where: { id: v3.id }, data: { artifactDigest: null } });
    await expect(runtime.prepare(v3.id)).rejects.toThrow("has no recorded digest");
  });

  it("keeps CLI uploads in the bucket: one process stores, another reads, lists and deletes", async () => {
    const name = path.join("uploads", "1-abc.tar.gz");
    const webData = await tmp("web-data");
    const web = createArtifactStore({ dataDir: webData, s3: settings() });
    await mkdir(path.join(webData, "uploads"), { recursive: true });
    await writeFile(path.join(webData, name), "gzip bytes");
    await web.putUpload(name);
    // The web process's own copy is gone: the bucket holds it.
    expect(
      await stat(path.join(webData, name)).then(
        () => true,
        () => false,
      ),
    ).toBe(false);
    expect(await workerStore.withUpload(name, (file) => readFile(file, "utf8"))).toBe("gzip bytes");
    expect((await workerStore.listUploads()).map((u) => u.name)).toContain(name);
    await workerStore.deleteUpload(name);
    expect(await workerStore.withUpload(name, async () => "still there")).toBeNull();
  });
});

describe("artifacts in the data folder", () => {
  it("refuses a deployment whose folder changed on disk after its deploy", async () => {
    const store = createArtifactStore({ dataDir: await tmp("plain-data") });
    const built = await writeArtifact("v4");
    dirs.push(built);
    const row = await createDeployment(t.db, instanceId, "");
    const folder = await stageArtifact(store, row.id, built);
    const digest = await digestArtifact(folder);
    const location = await store.putDeployment({ deploymentId: row.id });
    expect(location).toBe(folder);
    await t.db.deployment.update({ where: { id: row.id }, data: { artifactPath: location, artifactDigest: digest } });
    await writeFile(path.join(folder, "index.js"), `exports.hello = async () => ({ statusCode: 200, body: "edited" });`);
    await expect(runtime.prepare(row.id)).rejects.toThrow(`the artifact of deployment ${row.id} changed after it was deployed`);
  });
});
