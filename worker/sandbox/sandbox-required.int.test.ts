import { mkdtemp, readdir, rm, symlink } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, waitForBuilds, type Harness } from "../../scripts/test/harness";
import { queueBuild } from "../../server/domain/builds/queue-build";
import { SANDBOX_OFF_NOTICE } from "./sandbox";

/**
 * A host without bubblewrap: PATH is a folder holding every tool of this machine's but bwrap. The
 * worker then refuses to run user code, unless SLIPWAY_SANDBOX=off says to, and then every step of
 * the build says so in its log.
 */
const savedPath = process.env.PATH;
const savedSandbox = process.env.SLIPWAY_SANDBOX;
let bin: string;

beforeAll(async () => {
  bin = await mkdtemp(path.join(os.tmpdir(), "slipway-no-bwrap-"));
  const seen = new Set<string>();
  for (const dir of (savedPath ?? "").split(":").filter((d) => d.startsWith("/"))) {
    for (const name of await readdir(dir).catch(() => [] as string[])) {
      if (name === "bwrap" || seen.has(name)) continue;
      seen.add(name);
      await symlink(path.join(dir, name), path.join(bin, name));
    }
  }
  process.env.PATH = bin;
});

afterAll(async () => {
  process.env.PATH = savedPath;
  if (savedSandbox === undefined) delete process.env.SLIPWAY_SANDBOX;
  else process.env.SLIPWAY_SANDBOX = savedSandbox;
  await rm(bin, { recursive: true, force: true });
});

async function buildDatabase(h: Harness) {
  const database = await h.db.service.findFirstOrThrow({ where: { appId: h.appId, name: "database" } });
  const b = await queueBuild(h.db, h.queue, {
    serviceId: database.id,
    stage: "dev",
    trigger: "manual",
    commitSha: await h.repo.head("master"),
  });
  const [done] = await waitForBuilds(h, [b.id]);
  return done;
}

/** The log split at each step's header: step name → its lines. */
const stepSections = (log: string) =>
  Object.fromEntries(
    log
      .split(/^\u001b\[1m▸ /m)
      .slice(1)
      .map((s) => [s.slice(0, s.indexOf("\u001b")), s]),
  );

describe("a worker without bubblewrap", () => {
  let h: Harness;
  afterAll(async () => {
    await h?.close();
  });

  it("refuses to run user code and says how to run it unsandboxed; nothing is deployed", async () => {
    h = await startHarness();
    const done = await buildDatabase(h);
    expect(done.status).toBe("FAILED");
    expect(done.steps.map((s) => [s.name, s.status])).toEqual([
      ["checkout", "SUCCEEDED"],
      ["install", "FAILED"], // npm install: the first command of the repository's
      ["test", "SKIPPED"],
      ["resolve", "SKIPPED"],
      ["safeguards", "SKIPPED"],
      ["deploy", "SKIPPED"],
    ]);
    expect(done.error).toMatch(/Refusing to run user code without its sandbox: missing bwrap .*Set SLIPWAY_SANDBOX=off/);
    expect(done.log).not.toContain("$ npm install");
    const instance = await h.db.serviceInstance.findUniqueOrThrow({ where: { id: done.instanceId } });
    expect(instance.currentDeploymentId).toBeNull();
  });
});

describe("with SLIPWAY_SANDBOX=off", () => {
  let h: Harness;
  afterAll(async () => {
    await h?.close();
  });

  it("runs the build without bubblewrap, and every step's log says the sandbox is off", async () => {
    process.env.SLIPWAY_SANDBOX = "off"; // the embedded runtime's handler children read the process's env
    h = await startHarness({ SLIPWAY_SANDBOX: "off" });
    const done = await buildDatabase(h);
    expect(done.status, done.error ?? "").toBe("SUCCEEDED");
    const sections = stepSections(done.log ?? "");
    expect(Object.keys(sections)).toEqual(["checkout", "install", "test", "resolve", "safeguards", "deploy"]);
    for (const [step, text] of Object.entries(sections))
      expect({ step, off: text.includes(SANDBOX_OFF_NOTICE) }).toEqual({ step, off: true });
    expect(done.log).toContain("$ npm test");
  });
});
