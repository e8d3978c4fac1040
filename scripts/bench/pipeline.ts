// Instance links are http://<label>.localhost:<port>; resolve them like a browser.
import "../test/localhost-resolves";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { randomUUID } from "node:crypto";
import { execa } from "execa";

/**
 * Pipeline speed on this machine, everything real (PostgreSQL, Redis, git, npm, the runtime):
 * - webhook received → build RUNNING, p50/p95 over 20 signed GitHub push deliveries (idle worker);
 * - git push → preview link answering with the new code (restapi, warm npm cache);
 * - each Slipway step against the same git/npm commands run by hand.
 */
type Row = { name: string; value: string };
// Real packages for the dependency cache rows: 5 direct, about 20 in the lockfile.
const BENCH_DEPS = { chalk: "4.1.2", debug: "4.4.0", lodash: "4.17.21", uuid: "9.0.1", yargs: "17.7.2" };
const ms = (n: number) => `${Math.round(n)} ms`;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];
const median = (xs: number[]) => pct(xs, 50);
const sleep = (n: number) => new Promise((r) => setTimeout(r, n));

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

export async function benchPipeline(): Promise<Row[]> {
  const { default: globalSetup } = await import("../test/global-setup");
  const teardown = await globalSetup();
  const { startHarness, waitFor, waitForBuilds } = await import("../test/harness");
  const { connectWebhooks, loadWebhookRoutes } = await import("../test/webhook-routes");
  const { signBody } = await import("../../server/domain/webhooks/verify-signature");
  const { queueBuild } = await import("../../server/domain/builds/queue-build");
  const { mirrorDir } = await import("../../server/domain/git/mirror-dir");
  const h = await startHarness();
  const rows: Row[] = [];
  try {
    const SECRET = "bench-secret";
    await connectWebhooks(h, SECRET, "acme/workshop");
    const { github } = await loadWebhookRoutes(h);
    const deliver = async (ref: string, before: string, after: string) => {
      const body = JSON.stringify({ ref, before, after, repository: { full_name: "acme/workshop" } });
      const res = await github(
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
      return (await res.json()) as { builds: { id: string }[] };
    };
    const database = await h.db.service.findFirstOrThrow({ where: { appId: h.appId, name: "database" } });
    const dev = await queueBuild(h.db, h.queue, {
      serviceId: database.id,
      stage: "dev",
      trigger: "manual",
      commitSha: await h.repo.head("master"),
    });
    await waitForBuilds(h, [dev.id]);
    // Warm everything once (mirror, npm cache, runtime children): master → staging.
    const warm = await deliver("refs/heads/master", "0".repeat(40), await h.repo.head("master"));
    await waitForBuilds(
      h,
      warm.builds.map((b) => b.id),
    );

    // BENCH_PART=webhook|steps|deps runs one part (e.g. `BENCH_PART=deps npm run bench pipeline`).
    const only = process.env.BENCH_PART;
    // 1. Webhook received → build RUNNING.
    if (!only || only === "webhook") {
      const toRunning: number[] = [];
      let before = await h.repo.head("master");
      for (let i = 0; i < 20; i++) {
        const sha = await h.repo.commitFile("services/tasks/handler.js", (s) => `${s}\n// bench ${i}\n`, `bench ${i}`);
        const t0 = Date.now();
        const { builds } = await deliver("refs/heads/master", before, sha);
        const running = await waitFor("RUNNING", async () => {
          const b = await h.db.build.findUniqueOrThrow({ where: { id: builds[0].id } });
          return b.startedAt ?? null;
        });
        toRunning.push(running.getTime() - t0);
        await waitForBuilds(
          h,
          builds.map((b) => b.id),
        );
        before = sha;
      }
      rows.push({ name: "webhook received → build RUNNING, p50 (20 deliveries)", value: ms(median(toRunning)) });
      rows.push({ name: "webhook received → build RUNNING, p95 (20 deliveries)", value: ms(pct(toRunning, 95)) });
    }

    // 2. git push → preview link answering with the new code: a new branch (every service builds,
    // two at a time), then a second push to it (only restapi builds; its steps are measured below).
    const newBranch: number[] = [];
    const redeploy: number[] = [];
    const restapiBuilds: string[] = [];
    const pushAndWait = async (branch: string, stage: string, message: string, before: string) => {
      const t0 = Date.now();
      const sha = await h.repo.commitFile(
        "services/restapi/handler.js",
        (s) => s.replace(/Hello from restapi[^"]*/, message),
        message,
        branch,
      );
      const { builds } = await deliver(`refs/heads/${branch}`, before, sha);
      const url = `${h.worker.runtimeUrl}/acme/workshop/${stage}/restapi/submit`;
      for (;;) {
        const res = await fetch(url).catch(() => null);
        if (res?.ok && ((await res.json()) as { message: string }).message === message) break;
        await sleep(10);
      }
      const elapsed = Date.now() - t0;
      const done = await waitForBuilds(
        h,
        builds.map((b) => b.id),
      );
      return { elapsed, sha, restapi: done.find((b) => b.service.name === "restapi")!.id };
    };
    const env = { ...process.env, npm_config_cache: path.join(h.env.SLIPWAY_DATA_DIR, "npm-cache"), CI: "true" };
    if (!only || only === "steps") {
      for (let i = 0; i < 3; i++) {
        const first = await pushAndWait(`bench/preview-${i}`, `bench-preview-${i}`, `Hello from restapi bench ${i}`, "0".repeat(40));
        newBranch.push(first.elapsed);
        const second = await pushAndWait(`bench/preview-${i}`, `bench-preview-${i}`, `Hello from restapi bench ${i} again`, first.sha);
        redeploy.push(second.elapsed);
        restapiBuilds.push(second.restapi);
        await h.repo.git("checkout", "--quiet", "master");
      }
      rows.push({ name: "git push → preview link answering, new branch (3 services), median of 3", value: ms(median(newBranch)) });
      rows.push({ name: "git push → preview link answering, next push (restapi only), median of 3", value: ms(median(redeploy)) });

      // 3. Slipway's steps vs the same commands by hand.
      const steps = await h.db.buildStep.findMany({ where: { buildId: { in: restapiBuilds } } });
      const stepMs = (name: string) =>
        median(
          steps.filter((s) => s.name === name && s.startedAt && s.finishedAt).map((s) => s.finishedAt!.getTime() - s.startedAt!.getTime()),
        );
      const app = await h.db.app.findUniqueOrThrow({ where: { id: h.appId }, include: { repository: true } });
      const mirror = mirrorDir(h.env.SLIPWAY_DATA_DIR, app.repositoryId);
      const byHand = { checkout: [] as number[], install: [] as number[], test: [] as number[] };
      const sha = await h.repo.head("master");
      for (let i = 0; i < 3; i++) {
        const dir = await mkdtemp(path.join(os.tmpdir(), "slipway-bench-hand-"));
        const svc = path.join(dir, "services/restapi");
        byHand.checkout.push(
          await timed(async () => {
            await execa("git", [
              "--git-dir",
              mirror,
              "fetch",
              "--prune",
              "--quiet",
              "--",
              app.repository.url,
              "+refs/heads/*:refs/heads/*",
            ]);
            await execa("git", ["clone", "--shared", "--no-checkout", "--quiet", "--", mirror, dir]);
            await execa("git", ["-c", "advice.detachedHead=false", "checkout", "--quiet", "--detach", sha], { cwd: dir });
          }),
        );
        byHand.install.push(await timed(() => execa("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline"], { cwd: svc, env })));
        byHand.test.push(await timed(() => execa("npm", ["test"], { cwd: svc, env })));
        await rm(dir, { recursive: true, force: true });
      }
      for (const step of ["checkout", "install", "test"] as const) {
        const slip = stepMs(step);
        const hand = median(byHand[step]);
        rows.push({
          name: `step ${step}: Slipway vs by hand (overhead)`,
          value: `${ms(slip)} vs ${ms(hand)} (${slip - hand >= 0 ? "+" : ""}${ms(slip - hand)})`,
        });
      }
      for (const step of ["resolve", "deploy"])
        rows.push({ name: `step ${step}: Slipway only (no by-hand equivalent)`, value: ms(stepMs(step)) });
    }
    if (!only || only === "deps") {
      // 4. The dependency cache: restapi with 20 real npm packages (lockfile unchanged between pushes).
      // Cold = cache cleared before the push (npm's own cache is warm, as it is by hand); warm = a hit.
      const { clearDependencyCache } = await import("../../server/domain/apps/clear-dependency-cache");
      const lockDir = await mkdtemp(path.join(os.tmpdir(), "slipway-bench-deps-"));
      const pkg = { name: "workshop-restapi", private: true, scripts: { test: "node --test" }, dependencies: BENCH_DEPS };
      await writeFile(path.join(lockDir, "package.json"), JSON.stringify(pkg, null, 2));
      await execa("npm", ["install", "--package-lock-only", "--ignore-scripts", "--no-audit", "--no-fund"], { cwd: lockDir, env });
      const lockfile = await readFile(path.join(lockDir, "package-lock.json"), "utf8");
      const packages = Object.keys((JSON.parse(lockfile) as { packages: Record<string, unknown> }).packages).filter(Boolean).length;
      await h.repo.git("checkout", "--quiet", "-b", "bench/deps", "master");
      await h.repo.commitFile("services/restapi/package.json", JSON.stringify(pkg, null, 2), "Real dependencies", "bench/deps");
      let depsHead = await h.repo.commitFile("services/restapi/package-lock.json", lockfile, "Lockfile", "bench/deps");
      await h.repo.git("checkout", "--quiet", "master");
      const admin = await h.db.user.findUniqueOrThrow({ where: { email: "admin@example.com" } });
      const restapi = await h.db.service.findFirstOrThrow({ where: { appId: h.appId, name: "restapi" } });
      const clear = () => clearDependencyCache({ db: h.db, orgId: h.orgId, actorId: admin.id, appSlug: "workshop", serviceId: restapi.id });
      let lastWarm = "";
      const depRuns = { cold: [] as number[], warm: [] as number[], coldInstall: [] as number[], warmInstall: [] as number[] };
      const installMs = async (buildId: string) => {
        const s = await h.db.buildStep.findFirstOrThrow({ where: { buildId, name: "install" } });
        return s.finishedAt!.getTime() - s.startedAt!.getTime();
      };
      // The first push fills npm's cache of the app from the registry; it is not counted.
      depsHead = (await pushAndWait("bench/deps", "bench-deps", "Hello from restapi deps", depsHead)).sha;
      for (let i = 0; i < 3; i++) {
        await clear();
        const cold = await pushAndWait("bench/deps", "bench-deps", `Hello from restapi deps cold ${i}`, depsHead);
        depRuns.cold.push(cold.elapsed);
        depRuns.coldInstall.push(await installMs(cold.restapi));
        const warm = await pushAndWait("bench/deps", "bench-deps", `Hello from restapi deps warm ${i}`, cold.sha);
        depRuns.warm.push(warm.elapsed);
        depRuns.warmInstall.push(await installMs(warm.restapi));
        lastWarm = warm.restapi;
        depsHead = warm.sha;
        await h.repo.git("checkout", "--quiet", "master");
      }
      const byHandCi: number[] = [];
      for (let i = 0; i < 3; i++) {
        await rm(path.join(lockDir, "node_modules"), { recursive: true, force: true });
        const appCache = path.join(h.env.SLIPWAY_DATA_DIR, "npm-cache", h.appId);
        byHandCi.push(
          await timed(() =>
            execa("npm", ["ci", "--no-audit", "--no-fund", "--prefer-offline"], {
              cwd: lockDir,
              env: { ...env, npm_config_cache: appCache },
            }),
          ),
        );
      }
      await rm(lockDir, { recursive: true, force: true });
      const hand = median(byHandCi);
      rows.push({
        name: `git push → preview link, ${packages} npm packages, warm (cache hit; aim ≤ 2 s), median of 3`,
        value: ms(median(depRuns.warm)),
      });
      rows.push({
        name: `git push → preview link, ${packages} npm packages, cold (cache cleared), median of 3`,
        value: ms(median(depRuns.cold)),
      });
      rows.push({
        name: "install step: hit vs miss vs `npm ci` by hand (same npm cache)",
        value: `${ms(median(depRuns.warmInstall))} vs ${ms(median(depRuns.coldInstall))} vs ${ms(hand)}`,
      });
      // Where a warm push's time goes: the steps of the last one.
      const warmSteps = await h.db.buildStep.findMany({ where: { buildId: lastWarm }, orderBy: { position: "asc" } });
      rows.push({
        name: "a warm push's steps",
        value: warmSteps.map((st) => `${st.name} ${ms(st.finishedAt!.getTime() - st.startedAt!.getTime())}`).join(", "),
      });
      rows.push({
        name: "cold install − `npm ci` by hand (aim ≤ 1 s)",
        value: `${median(depRuns.coldInstall) - hand >= 0 ? "+" : ""}${ms(median(depRuns.coldInstall) - hand)}`,
      });
    }
    return rows;
  } finally {
    await h.close();
    await teardown();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const rows = await benchPipeline();
  const width = Math.max(...rows.map((r) => r.name.length));
  console.log(`${"benchmark".padEnd(width)}  result`);
  for (const r of rows) console.log(`${r.name.padEnd(width)}  ${r.value}`);
  process.exit(0);
}
