// Instance links are http://<label>.localhost:<port>; resolve them like a browser.
import "../test/localhost-resolves";

/**
 * Instant rollback, as a product owner presses it: the release action (what the Rollback button's
 * mutation calls: lock, checks, warm the old deployment in the runtime, switch, pin, audit) until
 * prod's link answers with the old version; then "Undo rollback" until the newest answers again.
 * Real PostgreSQL, Redis, runtime and git; ROUNDS round trips, prod with two deployments of restapi.
 */
type Row = { name: string; value: string };
const ROUNDS = Number(process.env.BENCH_ROLLBACKS ?? 20);
const ms = (n: number) => `${Math.round(n)} ms`;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];
const sleep = (n: number) => new Promise((r) => setTimeout(r, n));

export async function benchRollback(): Promise<Row[]> {
  const { default: globalSetup } = await import("../test/global-setup");
  const teardown = await globalSetup();
  const { startHarness, waitForBuilds } = await import("../test/harness");
  const { handleBranchPush } = await import("../../server/domain/triggers/handle-branch");
  const { pollRepository } = await import("../../server/domain/triggers/poll-repository");
  const { rollbackInstant } = await import("../../server/domain/releases/rollback-instant");
  const { undoRollback } = await import("../../server/domain/releases/undo-rollback");
  const h = await startHarness();
  try {
    const deps = {
      ...h.deps,
      dataDir: h.env.SLIPWAY_DATA_DIR,
      redisPrefix: h.env.REDIS_PREFIX,
    };
    const po = (await h.db.user.findUniqueOrThrow({ where: { email: "po@example.com" } })).id;
    const restapi = await h.db.service.findFirstOrThrow({ where: { appId: h.appId, name: "restapi" } });
    const url = `${h.worker.runtimeUrl}/acme/workshop/prod/restapi/submit`;
    const greeting = async () => ((await (await fetch(url)).json()) as { message: string }).message;
    const deployProd = async () => {
      const builds = await handleBranchPush(h.deps, h.appId, "prod", await h.repo.head("prod"), "manual");
      const done = await waitForBuilds(
        h,
        builds.map((b) => b.id),
      );
      for (const b of done) if (b.status !== "SUCCEEDED") throw new Error(`prod build of ${b.service.name}: ${b.status} ${b.error ?? ""}`);
    };
    await pollRepository(h.deps, h.appId);
    await deployProd();
    const oldMessage = await greeting();
    await h.repo.commitFile(
      "services/restapi/handler.js",
      (s) => s.replace(/const GREETING = ".*";/, 'const GREETING = "restapi v2";'),
      "restapi: v2",
      "prod",
    );
    await deployProd();
    if ((await greeting()) !== "restapi v2") throw new Error("prod does not serve v2");
    const instance = await h.db.serviceInstance.findFirstOrThrow({ where: { appId: h.appId, stage: "prod", serviceId: restapi.id } });
    const [older] = await h.db.deployment.findMany({ where: { instanceId: instance.id }, orderBy: { createdAt: "asc" }, take: 1 });
    const until = async (message: string) => {
      for (;;) {
        const res = await fetch(url).catch(() => null);
        if (res?.ok && ((await res.json()) as { message: string }).message === message) return;
        await sleep(2);
      }
    };
    const back: number[] = [];
    const forward: number[] = [];
    const input = { orgId: h.orgId, actorId: po, slug: "workshop", serviceId: restapi.id };
    for (let i = 0; i < ROUNDS; i++) {
      let t0 = performance.now();
      await rollbackInstant(deps, { ...input, deploymentId: older!.id, note: `bench ${i}` });
      await until(oldMessage);
      back.push(performance.now() - t0);
      t0 = performance.now();
      await undoRollback(deps, input);
      await until("restapi v2");
      forward.push(performance.now() - t0);
    }
    return [
      {
        name: `instant rollback: action → old version answering, p50 / p95 (aim p95 ≤ 300 ms), ${ROUNDS} rounds`,
        value: `${ms(pct(back, 50))} / ${ms(pct(back, 95))}`,
      },
      { name: "undo rollback: action → newest version answering, p50 / p95", value: `${ms(pct(forward, 50))} / ${ms(pct(forward, 95))}` },
    ];
  } finally {
    await h.close();
    await teardown();
  }
}
