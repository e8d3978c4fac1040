import "../test/localhost-resolves";
import { randomUUID } from "node:crypto";
import globalSetup from "../test/global-setup";
import { startHarness, waitFor, waitForBuilds } from "../test/harness";
import { connectWebhooks, loadWebhookRoutes } from "../test/webhook-routes";
import { signBody } from "../../server/domain/webhooks/verify-signature";

/**
 * The GitHub webhook on this machine, everything real (PostgreSQL, Redis, git, the worker):
 * - how long the route takes to answer, the first delivery (no mirror yet: a clone) and later ones;
 * - webhook received → build RUNNING (the build is found by its commit, whoever queued it).
 * GitHub gives a delivery ten seconds; the answer should not depend on git at all.
 * `npm run bench webhook` runs this suite alone.
 */
type Row = { name: string; value: string };
const ms = (n: number) => `${Math.round(n)} ms`;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];
const ROUNDS = Number(process.env.BENCH_WEBHOOK_ROUNDS ?? 10);

export async function benchWebhook(): Promise<Row[]> {
  // The template database is named when setup runs; the harness reads it when it starts.
  const teardown = await globalSetup();
  const h = await startHarness();
  const rows: Row[] = [];
  try {
    const SECRET = "bench-secret";
    await connectWebhooks(h, SECRET, "acme/workshop");
    await loadWebhookRoutes(h);
    // The route itself, not the test helper that waits for the push job.
    const { POST } = await import("../../app/api/webhooks/github/route");
    const deliver = async (before: string, after: string) => {
      const body = JSON.stringify({ ref: "refs/heads/master", before, after, repository: { full_name: "acme/workshop" } });
      const t0 = performance.now();
      const res = await POST(
        new Request("http://bench/api/webhooks/github", {
          method: "POST",
          headers: {
            "x-github-event": "push",
            "x-github-delivery": randomUUID(),
            "x-hub-signature-256": signBody(SECRET, body),
            "content-type": "application/json",
          },
          body,
        }),
      );
      await res.text();
      if (res.status >= 300) throw new Error(`webhook answered ${res.status}`);
      return performance.now() - t0;
    };
    const buildsOf = (sha: string) =>
      waitFor(`builds of ${sha}`, async () => {
        const builds = await h.db.build.findMany({ where: { commitSha: sha, trigger: "push" } });
        return builds.length ? builds : null;
      });
    const runningAt = (id: string) => waitFor("RUNNING", async () => (await h.db.build.findUniqueOrThrow({ where: { id } })).startedAt);

    // First delivery: no mirror yet (the first clone of the repository).
    let before = await h.repo.head("master");
    let sha = await h.repo.commitFile("services/tasks/handler.js", (s) => `${s}\n// bench warm\n`, "bench warm");
    const first = await deliver(before, sha);
    await waitForBuilds(
      h,
      (await buildsOf(sha)).map((b) => b.id),
      180_000,
    );
    before = sha;

    const answer: number[] = [];
    const toRunning: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      sha = await h.repo.commitFile("services/tasks/handler.js", (s) => `${s}\n// bench ${i}\n`, `bench ${i}`);
      const t0 = Date.now();
      answer.push(await deliver(before, sha));
      const builds = await buildsOf(sha);
      toRunning.push((await runningAt(builds[0].id)).getTime() - t0);
      await waitForBuilds(
        h,
        builds.map((b) => b.id),
      );
      before = sha;
    }
    rows.push({ name: "GitHub webhook answer, first delivery (mirror not cloned yet)", value: ms(first) });
    rows.push({ name: `GitHub webhook answer, p50 / p95 (${ROUNDS} pushes)`, value: `${ms(pct(answer, 50))} / ${ms(pct(answer, 95))}` });
    rows.push({
      name: `webhook received → build RUNNING, p50 / p95 (${ROUNDS} pushes)`,
      value: `${ms(pct(toRunning, 50))} / ${ms(pct(toRunning, 95))}`,
    });
    return rows;
  } finally {
    await h.close();
    await teardown();
  }
}
