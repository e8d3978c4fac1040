import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { pruneDependencyCache, serviceCacheDir } from "./dependency-cache";

const DAY = 86_400_000;
const NOW = Date.parse("2027-01-10T12:00:00Z");
let dataDir: string;

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "slipway-depcache-prune-"));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/** An entry as storeDependencies leaves it: node_modules + meta.json, whose mtime is its last use. */
async function entry(at: { appId: string; serviceId: string }, key: string, o: { epoch?: number; mb: number; usedDaysAgo: number }) {
  const dir = path.join(serviceCacheDir({ dataDir, ...at }), key);
  await mkdir(path.join(dir, "node_modules"), { recursive: true });
  const meta = path.join(dir, "meta.json");
  await writeFile(meta, JSON.stringify({ epoch: o.epoch ?? 0, bytes: o.mb * 1048576, storedAt: new Date(NOW).toISOString() }));
  const used = new Date(NOW - o.usedDaysAgo * DAY);
  await utimes(meta, used, used);
  return dir;
}
const keys = async (at: { appId: string; serviceId: string }) => (await readdir(serviceCacheDir({ dataDir, ...at }))).sort();

describe("pruneDependencyCache", () => {
  const a = { appId: "app-a", serviceId: "svc-1" };
  const b = { appId: "app-b", serviceId: "svc-2" };

  it("drops entries unused for longer than the age limit", async () => {
    await entry(a, "fresh", { mb: 1, usedDaysAgo: 1 });
    await entry(a, "old", { mb: 1, usedDaysAgo: 20 });
    await pruneDependencyCache({ dataDir, maxBytes: 1e12, maxAgeMs: 14 * DAY, now: NOW });
    expect(await keys(a)).toEqual(["fresh"]);
  });

  it("drops the least recently used entries, of any app, until all fit in the size limit", async () => {
    await entry(a, "a-recent", { mb: 40, usedDaysAgo: 0 });
    await entry(a, "a-older", { mb: 40, usedDaysAgo: 3 });
    await entry(b, "b-middle", { mb: 40, usedDaysAgo: 2 });
    await pruneDependencyCache({ dataDir, maxBytes: 90 * 1048576, maxAgeMs: 14 * DAY, now: NOW });
    expect(await keys(a)).toEqual(["a-recent"]);
    expect(await keys(b)).toEqual(["b-middle"]);
  });

  it("drops a service's entries from before its cache was cleared, and half-written copies older than an hour", async () => {
    await entry(a, "before-clear", { epoch: 0, mb: 1, usedDaysAgo: 0 });
    await entry(a, "after-clear", { epoch: 1, mb: 1, usedDaysAgo: 0 });
    await entry(b, "other-service", { epoch: 0, mb: 1, usedDaysAgo: 0 });
    const abandoned = path.join(serviceCacheDir({ dataDir, ...b }), ".tmp-abandoned");
    const inProgress = path.join(serviceCacheDir({ dataDir, ...b }), ".tmp-in-progress");
    await mkdir(abandoned);
    await mkdir(inProgress);
    await utimes(abandoned, new Date(NOW - 2 * 3_600_000), new Date(NOW - 2 * 3_600_000));
    await utimes(inProgress, new Date(NOW - 60_000), new Date(NOW - 60_000));
    await pruneDependencyCache({
      dataDir,
      maxBytes: 1e12,
      maxAgeMs: 14 * DAY,
      now: NOW,
      current: { cacheDir: serviceCacheDir({ dataDir, ...a }), epoch: 1 },
    });
    expect(await keys(a)).toEqual(["after-clear"]);
    expect(await keys(b)).toEqual([".tmp-in-progress", "other-service"]);
  });
});
