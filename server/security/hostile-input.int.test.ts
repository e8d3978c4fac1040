import { existsSync } from "node:fs";
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, waitForBuilds, type Harness } from "../../scripts/test/harness";
import { connectWebhooks, loadWebhookRoutes } from "../../scripts/test/webhook-routes";
import { signBody } from "../domain/webhooks/verify-signature";
import { pollRepository } from "../domain/triggers/poll-repository";
import { queueBuild } from "../domain/builds/queue-build";
import { updateService } from "../domain/apps/update-service";
import { validateStageName } from "../domain/stages/stage-name";

/**
 * Hostile input end to end: a thousand bad webhook deliveries through the real route handlers,
 * then branch names, commit messages and serverless.yml content that try shell injection and path
 * traversal, pushed to a real git repository and built by the real worker.
 */
let h: Harness;
let routes: { github: (r: Request) => Promise<Response>; git: (r: Request) => Promise<Response> };
const SECRET = "hostile-webhook-secret";
const REPO = { full_name: "acme/workshop", clone_url: "https://github.example/acme/workshop.git" };
const tag = randomBytes(4).toString("hex");
const marker = (what: string) => `/tmp/slipway-pwned-${tag}-${what}`;
const MARKERS = ["branch", "backtick", "semi", "msg", "param"].map(marker);

function github(body: string | Buffer, headers: Record<string, string>) {
  return new Request("http://slipway.test/api/webhooks/github", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : new Uint8Array(body),
  });
}
function gitHook(body: string, headers: Record<string, string>, app = "acme/workshop") {
  return new Request(`http://slipway.test/api/webhooks/git?app=${encodeURIComponent(app)}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
}

beforeAll(async () => {
  h = await startHarness();
  routes = await loadWebhookRoutes(h);
  await connectWebhooks(h, SECRET, "acme/workshop");
}, 120_000);

afterAll(async () => {
  await h?.close();
});

describe("1,000 forged, replayed, oversized and malformed webhook deliveries", () => {
  it("start no build, and a valid delivery afterwards is still handled", async () => {
    const master = await h.repo.head("master");
    const push = (after: string, ref = "refs/heads/master") => JSON.stringify({ ref, before: "0".repeat(40), after, repository: REPO });
    // A delivery GitHub really sent (a PR closed that has no preview: it builds nothing), to replay.
    const closed = JSON.stringify({
      action: "closed",
      number: 99,
      pull_request: {
        merged: false,
        head: { ref: "gone", sha: master, repo: { full_name: REPO.full_name } },
        base: { ref: "master", repo: { full_name: REPO.full_name } },
      },
      repository: REPO,
    });
    const replayId = randomUUID();
    const first = await routes.github(
      github(closed, { "x-github-event": "pull_request", "x-github-delivery": replayId, "x-hub-signature-256": signBody(SECRET, closed) }),
    );
    expect(first.status).toBe(202);
    // A validly signed post-receive body for a branch that no longer exists on the remote.
    const stale = JSON.stringify({ ref: "refs/heads/deleted-long-ago", before: "0".repeat(40), after: master });
    const huge = Buffer.alloc(1024 * 1024 + 10, "a");
    const hugeJson = `{"ref":"refs/heads/master","pad":"${"x".repeat(1024 * 1024)}"}`;

    const kinds: Array<[string, number, (i: number) => Request]> = [
      [
        "forged GitHub signature",
        250,
        (i) =>
          github(push(master), {
            "x-github-event": "push",
            "x-github-delivery": randomUUID(),
            "x-hub-signature-256": `sha256=${randomBytes(32).toString("hex")}${i % 2 ? "" : "0"}`,
          }),
      ],
      [
        "GitHub body signed with another secret",
        100,
        () => {
          const b = push(master);
          return github(b, {
            "x-github-event": "push",
            "x-github-delivery": randomUUID(),
            "x-hub-signature-256": signBody("not-the-secret", b),
          });
        },
      ],
      ["no GitHub signature", 50, () => github(push(master), { "x-github-event": "push", "x-github-delivery": randomUUID() })],
      ["forged git-hook signature", 100, () => gitHook(push(master), { "x-slipway-signature": signBody("guess", push(master)) })],
      [
        "replayed GitHub delivery",
        150,
        () =>
          github(closed, {
            "x-github-event": "pull_request",
            "x-github-delivery": replayId,
            "x-hub-signature-256": signBody(SECRET, closed),
          }),
      ],
      ["replayed git-hook body for a deleted branch", 50, () => gitHook(stale, { "x-slipway-signature": signBody(SECRET, stale) })],
      [
        "oversized GitHub body (> 1 MB)",
        40,
        () =>
          github(huge, {
            "x-github-event": "push",
            "x-github-delivery": randomUUID(),
            "x-hub-signature-256": signBody(SECRET, huge.toString()),
          }),
      ],
      ["oversized git-hook body, validly signed", 20, () => gitHook(hugeJson, { "x-slipway-signature": signBody(SECRET, hugeJson) })],
      [
        "not JSON",
        60,
        (i) =>
          github(`{"ref": ${"[".repeat(i)}`, {
            "x-github-event": "push",
            "x-github-delivery": randomUUID(),
            "x-hub-signature-256": signBody(SECRET, `{"ref": ${"[".repeat(i)}`),
          }),
      ],
      [
        "signed but malformed push",
        60,
        (i) => {
          const b = JSON.stringify({ ref: i % 2 ? 42 : "refs/heads/master", after: "$(touch /tmp/x)", repository: REPO });
          return github(b, { "x-github-event": "push", "x-github-delivery": randomUUID(), "x-hub-signature-256": signBody(SECRET, b) });
        },
      ],
      ["missing event headers", 40, () => github(push(master), { "x-hub-signature-256": signBody(SECRET, push(master)) })],
      [
        "unknown app / traversal in ?app=",
        40,
        (i) =>
          gitHook(
            push(master),
            { "x-slipway-signature": signBody(SECRET, push(master)) },
            i % 2 ? "../../etc/passwd" : "acme/workshop/extra",
          ),
      ],
      [
        "deeply nested signed JSON",
        40,
        () => {
          const b = `{"repository":${'{"a":'.repeat(5000)}1${"}".repeat(5000)}}`;
          return github(b, { "x-github-event": "push", "x-github-delivery": randomUUID(), "x-hub-signature-256": signBody(SECRET, b) });
        },
      ],
    ];
    const requests = kinds.flatMap(([kind, n, make]) => Array.from({ length: n }, (_, i) => ({ kind, make: () => make(i) })));
    expect(requests).toHaveLength(1000);

    const statuses = new Map<string, Set<number>>();
    const started = performance.now();
    const queue = [...requests];
    await Promise.all(
      Array.from({ length: 25 }, async () => {
        for (let next = queue.shift(); next; next = queue.shift()) {
          const res = await (next.kind.includes("git-hook") || next.kind.includes("?app=") ? routes.git : routes.github)(next.make());
          await res.arrayBuffer();
          if (!statuses.has(next.kind)) statuses.set(next.kind, new Set());
          statuses.get(next.kind)!.add(res.status);
        }
      }),
    );
    const took = performance.now() - started;
    console.log(
      `[hostile-input] 1,000 hostile webhook deliveries answered in ${Math.round(took)} ms (${(took / 1000).toFixed(2)} ms each on average)`,
    );
    console.log(`[hostile-input] statuses: ${JSON.stringify(Object.fromEntries([...statuses].map(([k, v]) => [k, [...v]])))}`);

    expect(await h.db.build.count()).toBe(0);
    expect(await h.db.serviceInstance.count()).toBe(0);
    for (const [kind, codes] of statuses) {
      // Refused (4xx) or acknowledged without effect (202 ignored / 200 duplicate); never a 500.
      for (const code of codes) expect([200, 202, 400, 401, 404, 413], kind).toContain(code);
    }
    expect([...statuses.get("forged GitHub signature")!]).toEqual([401]);
    expect([...statuses.get("oversized GitHub body (> 1 MB)")!]).toEqual([413]);
    expect([...statuses.get("replayed GitHub delivery")!]).toEqual([200]);

    const body = push(master);
    const t0 = performance.now();
    const valid = await routes.github(
      github(body, { "x-github-event": "push", "x-github-delivery": randomUUID(), "x-hub-signature-256": signBody(SECRET, body) }),
    );
    const validMs = performance.now() - t0;
    console.log(`[hostile-input] the valid delivery afterwards: ${valid.status} in ${Math.round(validMs)} ms`);
    expect(valid.status).toBe(202);
    const { builds } = (await valid.json()) as { builds: { id: string }[] };
    expect(builds.length).toBe(3);
    expect(validMs).toBeLessThan(30_000);
    const done = await waitForBuilds(
      h,
      builds.map((b) => b.id),
      120_000,
    );
    // database deploys (restapi and tasks may wait on its outputs); all finish.
    expect(done.find((b) => b.service.name === "database")?.status).toBe("SUCCEEDED");
  }, 240_000);
});

describe("shell metacharacters and traversal in what a repository holds", () => {
  beforeAll(async () => {
    await pollRepository(h.deps, h.appId); // records the branches without building
    const database = await h.db.service.findFirstOrThrow({ where: { appId: h.appId, name: "database" } });
    const dev = await queueBuild(h.db, h.queue, {
      serviceId: database.id,
      stage: "dev",
      trigger: "manual",
      commitSha: await h.repo.head("master"),
    });
    expect((await waitForBuilds(h, [dev.id]))[0].status).toBe("SUCCEEDED");
  }, 180_000);

  it("builds branches named like shell commands on sanitized stages, runs nothing, keeps the commit message verbatim", async () => {
    const branches = [
      `feat/$(touch\${IFS}${marker("branch")})`,
      `feat/\`touch\${IFS}${marker("backtick")}\``,
      `fix/x;touch\${IFS}${marker("semi")};rm\${IFS}-rf\${IFS}x`,
    ];
    const message = `Fix $(touch ${marker("msg")}) \`touch ${marker("msg")}\`; rm -rf / && echo "quoted" 'single' | cat > /dev/null`;
    for (const branch of branches) await h.repo.commitFile("services/database/naming.js", (s) => `${s}\n// ${branch}\n`, message, branch);
    const refs = await h.repo.git("for-each-ref", "--format=%(refname:short)", "refs/heads");
    for (const branch of branches) expect(refs.split("\n")).toContain(branch);

    const { pushed } = await pollRepository(h.deps, h.appId);
    expect([...pushed].sort()).toEqual([...branches].sort());
    const builds = await h.db.build.findMany({ where: { branch: { in: branches } }, include: { instance: true } });
    expect(builds.length).toBe(branches.length * 3);
    const done = await waitForBuilds(
      h,
      builds.map((b) => b.id),
      180_000,
    );
    for (const b of done) {
      expect(validateStageName(b.instance.stage), b.instance.stage).toBeNull();
      expect(b.instance.stage).not.toMatch(/[$`;(){}/ ]/);
      expect(b.commitMessage).toBe(message);
      expect({ service: b.service.name, branch: b.branch, status: b.status, error: b.error }).toMatchObject({ status: "SUCCEEDED" });
    }
    expect(new Set(done.map((b) => b.instance.stage)).size).toBe(branches.length);
    for (const m of MARKERS) expect(existsSync(m), m).toBe(false);
  }, 240_000);

  it("refuses ${file(../../../../etc/passwd)} and an absolute path at the resolve step with a clear error", async () => {
    const branch = "feat/read-passwd";
    await h.repo.commitFile(
      "services/database/serverless.yml",
      (s) => `${s}\nprobe:\n  leak: \${file(../../../../../../../../etc/passwd)}\n  abs: \${file(/etc/passwd), 'fallback'}\n`,
      "Try to read the worker's /etc/passwd",
      branch,
    );
    await pollRepository(h.deps, h.appId);
    const builds = await h.db.build.findMany({ where: { branch }, include: { service: true } });
    const database = (
      await waitForBuilds(
        h,
        builds.map((b) => b.id),
        180_000,
      )
    ).find((b) => b.service.name === "database")!;
    expect(database.status).toBe("FAILED");
    expect(database.steps.find((s) => s.name === "resolve")?.status).toBe("FAILED");
    expect(database.steps.find((s) => s.name === "deploy")?.status).toBe("SKIPPED");
    expect(database.error).toMatch(/probe\.leak.*outside the repository checkout/);
    expect(database.error).toMatch(/probe\.abs.*outside the repository checkout/);
    expect(`${database.error}${database.log}`).not.toMatch(/root:x:0:0/);
  }, 240_000);

  it("refuses a service folder outside the repository: in settings, and in the worker if one got through", async () => {
    const service = await h.db.service.findFirstOrThrow({ where: { appId: h.appId, name: "tasks" } });
    const admin = await h.db.user.findUniqueOrThrow({ where: { email: "admin@example.com" } });
    const settings = {
      path: "../../etc",
      triggerPaths: [],
      previewEnabled: true,
      previewTargetBranch: "master",
      previewDestroy: true,
      branchDeployments: [],
    };
    await expect(updateService(h.db, h.orgId, admin.id, "workshop", service.id, settings)).rejects.toThrow(
      /relative path inside the repository/,
    );
    await expect(updateService(h.db, h.orgId, admin.id, "workshop", service.id, { ...settings, path: "/etc" })).rejects.toThrow(
      /relative path inside the repository/,
    );
    // Written straight to the database (a bug elsewhere, an old row): the checkout step still refuses it.
    await h.db.service.update({ where: { id: service.id }, data: { path: "../../../../etc" } });
    try {
      const build = await queueBuild(h.db, h.queue, {
        serviceId: service.id,
        stage: "escape",
        trigger: "manual",
        commitSha: await h.repo.head("master"),
      });
      const [done] = await waitForBuilds(h, [build.id]);
      expect(done.status).toBe("FAILED");
      expect(done.error).toMatch(/outside the repository checkout/);
      expect(done.steps.map((s) => s.status)).toEqual(["FAILED", "SKIPPED", "SKIPPED", "SKIPPED", "SKIPPED", "SKIPPED"]);
    } finally {
      await h.db.service.update({ where: { id: service.id }, data: { path: "services/tasks" } });
    }
  }, 120_000);

  it("passes parameter values with shell metacharacters to handlers as data", async () => {
    const value = `$(touch ${marker("param")}) \`touch ${marker("param")}\`; echo pwned`;
    const profile = await h.db.deploymentProfile.findFirstOrThrow({ where: { name: "profile-dev" } });
    await h.db.parameter.updateMany({ where: { profileId: profile.id, key: "endpoint" }, data: { value } });
    const restapi = await h.db.service.findFirstOrThrow({ where: { appId: h.appId, name: "restapi" } });
    const build = await queueBuild(h.db, h.queue, {
      serviceId: restapi.id,
      stage: "metachars",
      trigger: "manual",
      commitSha: await h.repo.head("master"),
    });
    const [done] = await waitForBuilds(h, [build.id]);
    expect(done.status, done.error ?? "").toBe("SUCCEEDED");
    expect(done.log).toContain(`ENDPOINT_URL=${value}`);
    for (const m of MARKERS) expect(existsSync(m), m).toBe(false);
  }, 120_000);
});
