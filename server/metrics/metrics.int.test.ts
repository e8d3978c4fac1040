import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deployDatabaseToDev, instanceLink, startHarness, waitFor, waitForBuilds, type Harness } from "../../scripts/test/harness";
import { queueBuild } from "../domain/builds/queue-build";
import { startProcessMetrics } from "./serve-metrics";

/**
 * A worker's `/metrics` (the server worker/main.ts starts on METRICS_PORT) scraped before and after
 * real builds and a real invocation: build and step durations, the wait until RUNNING, invocations per
 * instance and the queues' depth all move. The web's `/metrics` route answers the same registry.
 */
let h: Harness;
let server: Awaited<ReturnType<typeof startProcessMetrics>>;
const TOKEN = "metrics-token-for-this-test";

beforeAll(async () => {
  // The web route reads getEnv(), which the worker's first use caches: set its token first.
  process.env.METRICS_TOKEN = TOKEN;
  h = await startHarness();
  server = await startProcessMetrics({ ...h.env, METRICS_PORT: 0, METRICS_TOKEN: TOKEN }, h.redis);
}, 120_000);

afterAll(async () => {
  await server?.close();
  await h?.close();
});

const scrape = async () => {
  const res = await fetch(server!.url, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.text();
};
/** The value of one sample line, e.g. `slipway_build_duration_seconds_count{kind="DEPLOY",status="SUCCEEDED"}`. */
const sample = (text: string, name: string, labels: Record<string, string> = {}) => {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const line = text
    .split("\n")
    .find((l) => (l.startsWith(`${name}{`) || l.startsWith(`${name} `) ? want.every((w) => l.includes(w)) : false));
  return line ? Number(line.slice(line.lastIndexOf(" ") + 1)) : 0;
};

describe("/metrics", () => {
  it("refuses a scrape without the token, and serves only /metrics", async () => {
    expect((await fetch(server!.url)).status).toBe(401);
    expect((await fetch(server!.url, { headers: { authorization: "Bearer wrong-token-of-same-size!" } })).status).toBe(401);
    expect((await fetch(server!.url.replace("/metrics", "/other"), { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
  });

  it("moves with real builds and invocations", async () => {
    const before = await scrape();
    expect(sample(before, "slipway_build_duration_seconds_count", { status: "SUCCEEDED" })).toBe(0);
    expect(before).toContain('slipway_queue_jobs{queue="builds",state="waiting"} 0');

    const database = await deployDatabaseToDev(h);
    const restapi = await h.db.service.findFirstOrThrow({ where: { appId: h.appId, name: "restapi" } });
    const build = await queueBuild(h.db, h.queue, {
      serviceId: restapi.id,
      stage: "dev",
      trigger: "manual",
      commitSha: await h.repo.head("master"),
    });
    const [built] = await waitForBuilds(h, [build.id]);
    expect(built.status).toBe("SUCCEEDED");
    const res = await fetch(instanceLink(h, "dev", "restapi", "/submit"));
    expect(res.status).toBe(200);

    // The worker observes a build right after writing its final status, which is what waitForBuilds saw.
    const after = await waitFor(
      "the second build's observation",
      async () => {
        const text = await scrape();
        return sample(text, "slipway_build_duration_seconds_count", { kind: "DEPLOY", status: "SUCCEEDED" }) === 2 ? text : null;
      },
      10_000,
    );
    const seconds = sample(after, "slipway_build_duration_seconds_sum", { kind: "DEPLOY", status: "SUCCEEDED" });
    const expected = [database, built].reduce((s, b) => s + (b.finishedAt!.getTime() - b.startedAt!.getTime()) / 1000, 0);
    expect(seconds).toBeCloseTo(expected, 1);
    for (const step of built.steps.map((s) => s.name))
      expect(sample(after, "slipway_build_step_duration_seconds_count", { step, status: "SUCCEEDED" }), step).toBe(2);
    expect(sample(after, "slipway_build_start_latency_seconds_count", { trigger: "manual" })).toBe(2);
    expect(sample(after, "slipway_function_invocations_total", { instance: built.instanceId })).toBe(1);
    expect(sample(after, "slipway_function_errors_total", { instance: built.instanceId })).toBe(0);
    expect(after).toContain('slipway_queue_jobs{queue="builds",state="waiting"} 0');
    // A job that waits (a held build's delayed job): the depth is read from Redis at each scrape.
    await h.queue.enqueue("held-build-for-metrics", { delayMs: 600_000 });
    expect(await scrape()).toContain('slipway_queue_jobs{queue="builds",state="delayed"} 1');
    expect(after).toMatch(/^slipway_process_resident_memory_bytes \d+/m);
  });

  it("is what the web's /metrics route serves, with the same token rule", async () => {
    const { GET } = await import("../../app/api/metrics/route");
    expect((await GET(new Request("http://localhost/api/metrics"))).status).toBe(401);
    const res = await GET(new Request("http://localhost/api/metrics", { headers: { authorization: `Bearer ${TOKEN}` } }));
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(sample(text, "slipway_build_duration_seconds_count", { status: "SUCCEEDED" })).toBe(2);
    expect(text).toContain('slipway_queue_jobs{queue="notifications",state="waiting"}');
  });
});
