import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../../scripts/test/test-db";
import { pruneUploads, UPLOAD_TTL_MS } from "./prune-uploads";

let t: TestDb;
let dir: string;
beforeAll(async () => {
  t = await createTestDb();
  dir = await mkdtemp(path.join(os.tmpdir(), "slipway-uploads-"));
});
afterAll(async () => {
  await t?.drop();
  await rm(dir, { recursive: true, force: true });
});

it("deletes week-old uploads but keeps recent ones and those a queued build needs", async () => {
  await mkdir(path.join(dir, "uploads"));
  const old = new Date(Date.now() - UPLOAD_TTL_MS - 60_000);
  for (const name of ["old.tar.gz", "old-but-queued.tar.gz", "fresh.tar.gz"]) await writeFile(path.join(dir, "uploads", name), "x");
  await utimes(path.join(dir, "uploads", "old.tar.gz"), old, old);
  await utimes(path.join(dir, "uploads", "old-but-queued.tar.gz"), old, old);
  const org = await t.db.org.create({ data: { slug: "o", name: "O" } });
  const repo = await t.db.repository.create({ data: { url: "/nowhere" } });
  const app = await t.db.app.create({ data: { orgId: org.id, slug: "a", name: "a", repositoryId: repo.id } });
  const service = await t.db.service.create({ data: { appId: app.id, name: "s", path: "s" } });
  const instance = await t.db.serviceInstance.create({
    data: { appId: app.id, serviceId: service.id, stage: "alice", region: "us-east-1" },
  });
  await t.db.build.create({
    data: {
      serviceId: service.id,
      instanceId: instance.id,
      trigger: "cli",
      commitSha: "0".repeat(40),
      sourceArchive: path.join("uploads", "old-but-queued.tar.gz"),
    },
  });

  expect(await pruneUploads(t.db, dir)).toBe(1);
  expect((await readdir(path.join(dir, "uploads"))).sort()).toEqual(["fresh.tar.gz", "old-but-queued.tar.gz"]);
  expect(await pruneUploads(t.db, path.join(dir, "missing"))).toBe(0);
});
