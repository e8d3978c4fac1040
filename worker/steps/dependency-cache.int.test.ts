import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, waitForBuilds, type Harness } from "../../scripts/test/harness";
import { queueBuild } from "../../server/domain/builds/queue-build";
import { createCaller } from "../../server/trpc/root";
import { dependencyCacheRoot, serviceCacheDir } from "./dependency-cache";

// A service with real npm dependencies from the registry (npm's cache makes later runs offline-fast).
const NPM_CACHE = path.resolve(import.meta.dirname, "../../.data/test-cache/npm");
const DEPS = { chalk: "4.1.2", ms: "2.1.3", "is-number": "7.0.0" };
const SERVICE = "services/database";

let h: Harness;
let serviceId: string;

/** package.json + the lockfile npm writes for it, committed to the workshop's database service. */
async function commitDependencies(deps: Record<string, string>, message: string) {
  const dir = await mkdtemp(path.join(os.tmpdir(), "slipway-depcache-lock-"));
  const pkg = { name: "workshop-database", private: true, scripts: { test: "node --test && node probe-cache.js" }, dependencies: deps };
  await writeFile(path.join(dir, "package.json"), JSON.stringify(pkg, null, 2));
  await execa("npm", ["install", "--package-lock-only", "--ignore-scripts", "--no-audit", "--no-fund"], {
    cwd: dir,
    env: { ...process.env, npm_config_cache: NPM_CACHE },
  });
  await h.repo.commitFile(`${SERVICE}/package.json`, JSON.stringify(pkg, null, 2), message);
  const sha = await h.repo.commitFile(`${SERVICE}/package-lock.json`, await readFile(path.join(dir, "package-lock.json"), "utf8"), message);
  await rm(dir, { recursive: true, force: true });
  return sha;
}

async function build(id = serviceId) {
  const b = await queueBuild(h.db, h.queue, { serviceId: id, stage: "dev", trigger: "manual", commitSha: await h.repo.head("master") });
  const [done] = await waitForBuilds(h, [b.id], 180_000);
  const install = done.steps.find((s) => s.name === "install")!;
  return { ...done, log: done.log ?? "", installMs: install.finishedAt!.getTime() - install.startedAt!.getTime() };
}

const cacheLine = (log: string) => log.match(/^Dependency cache: (hit|miss) \(key (\w+)\)$/m);
const probe = (log: string) =>
  JSON.parse(log.match(/^DEPCACHE-PROBE (\{.*\})$/m)![1]) as { clean: boolean; cacheWrite: string; inPlace: string };

beforeAll(async () => {
  h = await startHarness();
  await mkdir(NPM_CACHE, { recursive: true });
  serviceId = (await h.db.service.findFirstOrThrow({ where: { appId: h.appId, name: "database" } })).id;
  const cacheRoot = dependencyCacheRoot(h.env.SLIPWAY_DATA_DIR);
  // Run by `npm test` in the sandbox, after the install: is the restored copy clean, can it write
  // into the cache (of any app), and then it poisons its own node_modules for whoever restores next.
  await h.repo.commitFile(
    `${SERVICE}/probe-cache.js`,
    [
      'const fs = require("node:fs");',
      'const path = require("node:path");',
      `const root = ${JSON.stringify(cacheRoot)};`,
      'const ms = require.resolve("ms");',
      'const clean = !fs.readFileSync(ms, "utf8").includes("POISONED");',
      "let cacheWrite;",
      'try { fs.mkdirSync(root, { recursive: true }); fs.writeFileSync(path.join(root, "planted.txt"), "x"); cacheWrite = "written"; } catch (e) { cacheWrite = e.code || e.message; }',
      // In place (the file is the cached one, read-only), then by replacing it (its own copy of the folder).
      "let inPlace;",
      'try { fs.appendFileSync(ms, "\\n// POISONED\\n"); inPlace = "written"; } catch (e) { inPlace = e.code; }',
      'const code = fs.readFileSync(ms, "utf8"); fs.rmSync(ms); fs.writeFileSync(ms, code + "\\n// POISONED\\n");',
      'console.log("DEPCACHE-PROBE " + JSON.stringify({ clean, cacheWrite, inPlace }));',
    ].join("\n"),
    "Cache probe",
  );
  await h.repo.commitFile(
    `${SERVICE}/test/deps.test.js`,
    [
      'const test = require("node:test");',
      'const assert = require("node:assert");',
      'test("its dependencies load", () => { assert.strictEqual(require("ms")("1m"), 60000); assert.ok(require("chalk").red("x")); assert.ok(require("is-number")(1)); });',
    ].join("\n"),
    "Dependency test",
  );
  await commitDependencies(DEPS, "Real dependencies");
}, 180_000);

afterAll(async () => {
  await h?.close();
});

describe("the dependency cache", () => {
  let key = "";
  let firstInstallMs = 0;

  it("misses on the first build, then restores node_modules on the next one, faster than npm ci", async () => {
    const first = await build();
    expect(first.status, first.error ?? "").toBe("SUCCEEDED");
    expect(cacheLine(first.log)?.[1]).toBe("miss");
    key = cacheLine(first.log)![2];
    expect(first.log).toContain("$ npm ci");
    firstInstallMs = first.installMs;

    const second = await build();
    expect(second.status, second.error ?? "").toBe("SUCCEEDED");
    expect(cacheLine(second.log)?.slice(1)).toEqual(["hit", key]);
    expect(second.log).not.toContain("$ npm ci");
    expect(second.log.match(/^Dependency cache: /gm)).toHaveLength(1);
    expect(second.log).toContain("its dependencies load");
    expect(second.installMs).toBeLessThan(firstInstallMs);
  });

  it("gives no build a way to change what the next build restores", async () => {
    const third = await build();
    expect(third.status, third.error ?? "").toBe("SUCCEEDED");
    expect(cacheLine(third.log)?.[1]).toBe("hit");
    // The previous builds poisoned their own node_modules; this one restored what the first install left.
    expect(probe(third.log).clean).toBe(true);
    // The sandbox does not see the data folder at all: only the empty parents of its own folders.
    expect(probe(third.log).cacheWrite).toMatch(/^(ENOENT|EACCES|EROFS)$/);
    // Restored files are the cache's, read-only to the build: it can replace them in its folder, not change them.
    expect(probe(third.log).inPlace).toBe("EACCES");
    const entry = path.join(serviceCacheDir({ dataDir: h.env.SLIPWAY_DATA_DIR, appId: h.appId, serviceId }), key);
    expect(await readFile(path.join(entry, "node_modules/ms/index.js"), "utf8")).not.toContain("POISONED");
    expect(existsSync(path.join(dependencyCacheRoot(h.env.SLIPWAY_DATA_DIR), "planted.txt"))).toBe(false);
    // The deployment's artifact links the cache's untouched files (no copy per deploy) and copies what the build wrote.
    const artifact = (await h.db.deployment.findFirstOrThrow({ where: { buildId: third.id } })).artifactPath!;
    const inode = async (p: string) => (await stat(p)).ino;
    expect(await inode(path.join(artifact, "node_modules/chalk/package.json"))).toBe(
      await inode(path.join(entry, "node_modules/chalk/package.json")),
    );
    expect(await inode(path.join(artifact, "node_modules/ms/index.js"))).not.toBe(
      await inode(path.join(entry, "node_modules/ms/index.js")),
    );
    expect(await readFile(path.join(artifact, "node_modules/ms/index.js"), "utf8")).toContain("POISONED");
  });

  it("misses when the lockfile changes", async () => {
    await commitDependencies({ ...DEPS, "left-pad": "1.3.0" }, "One more dependency");
    const changed = await build();
    expect(changed.status, changed.error ?? "").toBe("SUCCEEDED");
    expect(cacheLine(changed.log)?.[1]).toBe("miss");
    expect(cacheLine(changed.log)?.[2]).not.toBe(key);
    key = cacheLine(changed.log)![2];
  });

  it("misses after a developer clears the service's cache, which the audit log records", async () => {
    const reviewer = createCaller({
      ...h.deps,
      userId: (await h.db.user.findUniqueOrThrow({ where: { email: "reviewer@example.com" } })).id,
    });
    await expect(reviewer.services.clearCache({ appSlug: "workshop", serviceId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const dev = await h.db.user.findUniqueOrThrow({ where: { email: "dev@example.com" } });
    const caller = createCaller({ ...h.deps, userId: dev.id });
    await expect(caller.services.clearCache({ appSlug: "workshop", serviceId: "nope" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await caller.services.clearCache({ appSlug: "workshop", serviceId })).toEqual({ service: "database", epoch: 1 });
    const audit = await h.db.auditEvent.findFirstOrThrow({ where: { action: "service.clearCache" } });
    expect(audit).toMatchObject({ actorId: dev.id, target: "app workshop service database" });

    const cleared = await build();
    expect(cleared.status, cleared.error ?? "").toBe("SUCCEEDED");
    expect(cacheLine(cleared.log)?.[1]).toBe("miss");
    // The entries from before the clear are gone from disk too.
    const left = await readdir(serviceCacheDir({ dataDir: h.env.SLIPWAY_DATA_DIR, appId: h.appId, serviceId }));
    expect(left).toEqual([cacheLine(cleared.log)![2]]);
  });

  it("never restores one app's cache in another app, even for the same lockfile", async () => {
    const app = await h.db.app.findUniqueOrThrow({ where: { id: h.appId }, include: { repository: true } });
    const repo = await h.db.repository.create({ data: { url: app.repository.url, orgId: app.orgId } });
    const other = await h.db.app.create({
      data: { orgId: app.orgId, slug: "workshop-two", name: "Workshop two", repositoryId: repo.id, defaultProfileId: app.defaultProfileId },
    });
    const service = await h.db.service.create({ data: { appId: other.id, name: "database", path: SERVICE } });
    const theirs = await build(service.id);
    expect(theirs.steps.find((s) => s.name === "install")?.status).toBe("SUCCEEDED");
    expect(cacheLine(theirs.log)?.[1]).toBe("miss");
    expect(probe(theirs.log).clean).toBe(true);
    expect(existsSync(serviceCacheDir({ dataDir: h.env.SLIPWAY_DATA_DIR, appId: other.id, serviceId: service.id }))).toBe(true);
  });
});
