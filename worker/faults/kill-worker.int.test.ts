import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnWorker, sleep, type ChildWorker } from "./fault-kit";
import { runningStep, startFaultApp, type FaultApp } from "./fault-app";

/**
 * SIGKILL the worker process in every step of a deploy, over and over. The restarted worker (a
 * new process, as a supervisor would start) reaps what the dead one left RUNNING; the runtime,
 * always up in this process, keeps serving the last version that made it through a deploy.
 */
const STEPS = ["checkout", "install", "test", "resolve", "deploy"] as const;
// Twenty kills, as the promise says (about 2 min on a 2-CPU machine; FAULT_KILLS=n to change it).
const KILLS = Number(process.env.FAULT_KILLS ?? 20);
const STALE_MS = 2_000;

let app: FaultApp;
let worker: ChildWorker;
const workers: ChildWorker[] = [];
const start = () => {
  worker = spawnWorker(app.workerEnv({ BUILD_STALE_MS: String(STALE_MS) }));
  workers.push(worker);
  return worker;
};

async function waitStatus(buildId: string, done: (s: string) => boolean, timeoutMs: number) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const b = await app.db.build.findUniqueOrThrow({ where: { id: buildId } });
    if (done(b.status)) return b;
    if (Date.now() > until) throw new Error(`build ${buildId} still ${b.status} after ${timeoutMs} ms`);
    await sleep(100);
  }
}
const finished = (s: string) => !["QUEUED", "RUNNING"].includes(s);

beforeAll(async () => {
  app = await startFaultApp({ installMs: 700, testMs: 1200 });
  start();
  await worker.ready;
  const first = await app.queue1("dev", await app.commitVersion("good-0"));
  expect((await waitStatus(first.id, finished, 60_000)).status).toBe("SUCCEEDED");
}, 90_000);

afterAll(async () => {
  for (const w of workers) w.proc.kill("SIGKILL");
  await app?.close();
});

describe("a worker killed with SIGKILL in the middle of builds", () => {
  it(`leaves no build running, never runs two builds of one instance, and the last good version keeps serving (${KILLS} kills)`, async () => {
    // Watchers for the whole run: RUNNING builds per instance, and what the runtime serves.
    let watching = true;
    let worstRunning = 0;
    let samples = 0;
    const served: Array<{ status: number; version?: string }> = [];
    const sampler = (async () => {
      while (watching) {
        const rows = await app.db.$queryRaw<
          { n: bigint }[]
        >`SELECT count(*) AS n FROM "Build" WHERE status = 'RUNNING' GROUP BY "instanceId"`.catch(() => []);
        worstRunning = Math.max(worstRunning, ...rows.map((r) => Number(r.n)), 0);
        samples++;
        await sleep(25);
      }
    })();
    const poller = (async () => {
      while (watching) {
        const res = await fetch(app.serviceUrl("dev")).catch(() => null);
        served.push({ status: res?.status ?? 0, version: res?.ok ? ((await res.json()) as { version: string }).version : undefined });
        await sleep(100);
      }
    })();

    const kills: Array<{ buildId: string; target: string; hit: string; killedAt: number }> = [];
    const good: string[] = ["good-0"];
    for (let i = 0; i < KILLS; i++) {
      const target = STEPS[i % STEPS.length];
      const build = await app.queue1("dev", await app.commitVersion(`killed-${i}`));
      // Catch the build in the target step (or, for a step too fast to catch, the first one after it).
      let hit: string | null = null;
      const until = Date.now() + 60_000;
      while (!hit) {
        const step = await runningStep(app.db, build.id);
        if (step && STEPS.indexOf(step as (typeof STEPS)[number]) >= STEPS.indexOf(target)) hit = step;
        else if (Date.now() > until) throw new Error(`build never reached ${target}:\n${worker.output().slice(-2000)}`);
        else await sleep(5);
      }
      const dying = worker;
      dying.proc.kill("SIGKILL");
      await dying.exited;
      kills.push({ buildId: build.id, target, hit, killedAt: Date.now() });
      start(); // the restarted worker: it reaps the build the dead one left behind
      if (target === "deploy") {
        // Once per round of steps, a deploy that succeeds moves "the last good version" on.
        const version = `good-${i + 1}`;
        const ok = await app.queue1("dev", await app.commitVersion(version));
        expect((await waitStatus(ok.id, finished, 60_000)).status).toBe("SUCCEEDED");
        good.push(version);
      }
    }

    // Every killed build ends, failed with the reason, within a minute of its worker's death.
    for (const k of kills) {
      const b = await waitStatus(k.buildId, finished, Math.max(1_000, 60_000 - (Date.now() - k.killedAt)));
      expect({ hit: k.hit, status: b.status, error: b.error }).toMatchObject({
        status: "FAILED",
        error: expect.stringMatching(/stopped responding/),
      });
      expect(b.finishedAt!.getTime() - k.killedAt).toBeLessThan(60_000);
    }
    watching = false;
    await Promise.all([sampler, poller]);

    const hits = Object.fromEntries(STEPS.map((s) => [s, kills.filter((k) => k.hit === s).length]));
    console.log(
      `[kill-worker] ${kills.length} kills by step: ${JSON.stringify(hits)}; ${samples} samples; ${served.length} runtime requests`,
    );
    expect(kills).toHaveLength(KILLS);
    for (const s of ["checkout", "install", "test", "deploy"]) expect(hits[s]).toBeGreaterThan(0);
    expect(samples).toBeGreaterThan(100);
    expect(worstRunning).toBeLessThanOrEqual(1);

    // The runtime answered every request with a version that went through a whole deploy: a
    // killed build may have switched the instance just before dying (its deployment was warm and
    // ready), never to something half-deployed.
    const deployed = await app.db.deployment.findMany({ where: { artifactPath: { not: "" } }, select: { commitSha: true } });
    const switchable = new Set<string>(good);
    for (const d of deployed)
      switchable.add(/version: "([^"]+)"/.exec(await app.repo.git("show", `${d.commitSha}:services/slow/handler.js`))![1]);
    expect(served.length).toBeGreaterThan(50);
    expect(served.filter((r) => r.status !== 200)).toEqual([]);
    for (const r of served) expect(switchable).toContain(r.version);
    const last = await (await fetch(app.serviceUrl("dev"))).json();
    expect(switchable).toContain(last.version);
  }, 480_000);
});
