import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../test/test-db";
import { createCipher } from "../../server/domain/secrets/cipher";
import { parseEnv } from "../../server/env";
import { lsRemoteBranches, syncMirror } from "../../server/domain/git/git";
import { prepareDemo } from "./prepare-demo";
import { ChildGroup } from "./processes";
import { busyPorts } from "./preflight";

/**
 * `npm run demo` run again after `.data` was removed, or from a folder that moved: the repository is
 * made again where the data folder now is and the stored URL follows it (a real clone of it works),
 * instead of "git clone failed: repository '<old path>' does not exist".
 */
let t: TestDb;
let root: string;
const cipher = createCipher(parseEnv({}).SLIPWAY_ENCRYPTION_KEY);
const quiet = () => {};

beforeAll(async () => {
  t = await createTestDb();
  root = await mkdtemp(path.join(os.tmpdir(), "slipway-demo-repair-"));
});
afterAll(async () => {
  await t?.drop();
  await rm(root, { recursive: true, force: true });
});

async function storedUrl(appId: string) {
  return (await t.db.app.findUniqueOrThrow({ where: { id: appId }, include: { repository: true } })).repository;
}

describe("the demo repairs itself", () => {
  it("after .data was removed, and after the folder moved, the app follows the new repository and redeploys", async () => {
    const first = path.join(root, "checkout-a", ".data");
    const a = await prepareDemo(t.db, cipher, first, quiet);
    expect(a.redeploy).toBe(true);
    expect((await storedUrl(a.appId!)).url).toBe(a.bareDir);
    await t.db.repository.updateMany({ data: { refs: { master: "0".repeat(40) }, polledAt: new Date() } });

    // Same data folder, unchanged: nothing to do.
    const same = await prepareDemo(t.db, cipher, first, quiet);
    expect(same).toMatchObject({ appId: a.appId, redeploy: false });

    // `.data` removed: the repository is made again, and the demo deploys again.
    await rm(first, { recursive: true, force: true });
    const again = await prepareDemo(t.db, cipher, first, quiet);
    expect(again).toMatchObject({ appId: a.appId, bareDir: a.bareDir, redeploy: true });
    expect(await storedUrl(a.appId!)).toMatchObject({ url: a.bareDir, refs: {}, polledAt: null });
    expect(Object.keys(await lsRemoteBranches(again.bareDir)).sort()).toEqual(["feature/greeting", "master", "prod"]);

    // The checkout moved (the old folder is gone): the stored URL follows, old refs are forgotten.
    await rm(path.join(root, "checkout-a"), { recursive: true, force: true });
    const moved = path.join(root, "checkout-b", ".data");
    const logged: string[] = [];
    const b = await prepareDemo(t.db, cipher, moved, (l) => logged.push(l));
    expect(b).toMatchObject({ appId: a.appId, redeploy: true });
    const repo = await storedUrl(b.appId!);
    expect(repo).toMatchObject({ url: b.bareDir, refs: {}, polledAt: null, pollError: null });
    expect(logged.join("\n")).toContain(`now follows ${b.bareDir}`);
    // What the worker does first with it: mirror it.
    await syncMirror(repo.url, path.join(moved, "mirrors", "check.git"));
    expect(await t.db.org.count({ where: { slug: "acme" } })).toBe(1);
    expect(await t.db.app.count()).toBe(1);
  });
});

describe("stopping what a script started", () => {
  it("stops a process and what it started (a shell and its node), and frees the port they listened on", async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, "127.0.0.1", () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const group = new ChildGroup();
    // A shell that starts a listener and ignores SIGTERM for a while, like a server slow to stop.
    const script = `require("net").createServer().listen(${port}, "127.0.0.1"); process.on("SIGTERM", () => setTimeout(() => process.exit(0), 300));`;
    group.spawn("sh", ["-c", `node -e '${script}' & wait`], { stdio: "ignore" });
    const listening = async () =>
      new Promise<boolean>((resolve) => {
        const probe = createServer()
          .once("error", () => resolve(true))
          .listen(port, "127.0.0.1", () => probe.close(() => resolve(false)));
      });
    for (let i = 0; i < 50 && !(await listening()); i++) await new Promise((r) => setTimeout(r, 100));
    expect(await listening()).toBe(true);
    // The next start says so up front instead of failing half-way.
    expect((await busyPorts([port])).join("\n")).toContain(`Port ${port} is already in use`);
    await group.stop(5000);
    expect(await listening()).toBe(false);
    expect(group.exited()).toBeDefined();
    expect(await busyPorts([port])).toEqual([]);
  });
});
