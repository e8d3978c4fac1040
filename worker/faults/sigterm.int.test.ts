import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sleep, spawnWorker, type ChildWorker } from "./fault-kit";
import { runningStep, startFaultApp, type FaultApp } from "./fault-app";

/**
 * Graceful shutdown: SIGTERM (a deploy, a scale-in) lets the running build finish — in whatever
 * step it is — before the worker process exits. It never hands a half-run build back: steps
 * already done are not redone, and a deploy is never cut in half.
 */
let app: FaultApp;
const workers: ChildWorker[] = [];

beforeAll(async () => {
  app = await startFaultApp({ installMs: 100, testMs: 3_000 });
}, 90_000);

afterAll(async () => {
  for (const w of workers) w.proc.kill("SIGKILL");
  await app?.close();
});

async function termIn(step: string, version: string) {
  const worker = spawnWorker(app.workerEnv());
  workers.push(worker);
  await worker.ready;
  const build = await app.queue1("dev", await app.commitVersion(version));
  for (let i = 0; (await runningStep(app.db, build.id)) !== step; i++) {
    if (i > 20_000) throw new Error(`never reached ${step}`);
    await sleep(2);
  }
  worker.proc.kill("SIGTERM");
  const code = await worker.exited;
  const exitedAt = Date.now();
  const done = await app.db.build.findUniqueOrThrow({ where: { id: build.id }, include: { steps: { orderBy: { position: "asc" } } } });
  return { code, exitedAt, done, output: worker.output() };
}

describe("SIGTERM to a worker process", () => {
  it("in the deploy step: the deploy finishes (SUCCEEDED, serving) before the process exits", async () => {
    const { code, exitedAt, done, output } = await termIn("deploy", "term-deploy");
    expect(code).toBe(0);
    expect(output).toContain("SIGTERM: finishing running builds");
    expect([done.status, done.error]).toEqual(["SUCCEEDED", null]);
    expect(done.finishedAt!.getTime()).toBeLessThanOrEqual(exitedAt);
    expect(await (await fetch(app.serviceUrl("dev"))).json()).toEqual({ version: "term-deploy" });
  }, 60_000);

  it("in the test step: lets the build finish (tests, then deploy), not hand it back", async () => {
    const { code, done } = await termIn("test", "term-test");
    expect(code).toBe(0);
    expect(done.status).toBe("SUCCEEDED");
    expect(done.attempts).toBe(1);
    expect(done.steps.map((s) => s.status)).toEqual(["SUCCEEDED", "SUCCEEDED", "SUCCEEDED", "SUCCEEDED", "SUCCEEDED", "SUCCEEDED"]);
    expect(await (await fetch(app.serviceUrl("dev"))).json()).toEqual({ version: "term-test" });
  }, 60_000);
});
