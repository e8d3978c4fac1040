import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, waitFor, waitForBuilds, type Harness, deployDatabaseToDev, instanceLink } from "../../../scripts/test/harness";
import { connectWebhooks, loadWebhookRoutes } from "../../../scripts/test/webhook-routes";
import { signBody } from "./verify-signature";

/**
 * GitHub webhooks through the real route handler, and what Slipway tells GitHub back, recorded by
 * a real HTTP server standing in for the GitHub (Enterprise) API.
 */
interface Recorded {
  method: string;
  url: string;
  auth: string | undefined;
  body: Record<string, unknown>;
}
let h: Harness;
let post: (req: Request) => Promise<Response>;
let api: http.Server;
const calls: Recorded[] = [];
const SECRET = "gh-webhook-secret";
const REPO = { full_name: "acme/workshop", clone_url: "https://github.example/acme/workshop.git" };
const link = (stage: string, service: string, p = "") => instanceLink(h, stage, service, p);

function startFakeGitHub(): Promise<string> {
  let nextComment = 1000;
  api = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      const body = raw ? JSON.parse(raw) : {};
      calls.push({ method: req.method!, url: req.url!, auth: req.headers.authorization, body });
      const comment = /\/issues\/comments\/(\d+)$/.exec(req.url!);
      const payload =
        req.method === "POST" && /\/issues\/\d+\/comments$/.test(req.url!)
          ? { id: nextComment++ }
          : comment
            ? { id: Number(comment[1]) }
            : {};
      res.writeHead(req.method === "POST" ? 201 : 200, { "content-type": "application/json" }).end(JSON.stringify(payload));
    });
  });
  return new Promise((resolve) =>
    api.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(api.address() as AddressInfo).port}/api/v3`)),
  );
}

async function deliver(event: string, payload: unknown, opts: { id?: string; secret?: string; raw?: string } = {}) {
  const body = opts.raw ?? JSON.stringify(payload);
  const id = opts.id ?? randomUUID();
  const res = await post(
    new Request("http://slipway.test/api/webhooks/github", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-github-event": event,
        "x-github-delivery": id,
        "x-hub-signature-256": signBody(opts.secret ?? SECRET, body),
      },
      body,
    }),
  );
  return { id, status: res.status, body: (await res.json()) as { builds?: { id: string }[]; error?: string; ignored?: string } };
}

const pr = (action: string, number: number, head: string, sha: string, headRepo = REPO.full_name) => ({
  action,
  number,
  pull_request: {
    merged: false,
    head: { ref: head, sha, repo: { full_name: headRepo } },
    base: { ref: "master", repo: { full_name: REPO.full_name } },
  },
  repository: REPO,
});

const comments = () => calls.filter((c) => c.url.includes("/issues/"));
const lastComment = () => String(comments().at(-1)?.body.body ?? "");

beforeAll(async () => {
  const apiUrl = await startFakeGitHub();
  const github = { GITHUB_API_URL: apiUrl, GITHUB_TOKEN: "ghs_test_token" };
  h = await startHarness(github);
  ({ github: post } = await loadWebhookRoutes(h, github));
  await connectWebhooks(h, SECRET, "acme/workshop");
  await deployDatabaseToDev(h);
}, 120_000);

afterAll(async () => {
  await h?.close();
  api?.close();
});

describe("GitHub webhook checks", () => {
  it("starts nothing for a bad signature, an unknown repository, a malformed or oversized payload", async () => {
    const sha = await h.repo.head("master");
    const push = { ref: "refs/heads/master", before: "0".repeat(40), after: sha, repository: REPO };
    expect((await deliver("push", push, { secret: "wrong" })).status).toBe(401);
    const unsigned = await post(
      new Request("http://slipway.test/api/webhooks/github", {
        method: "POST",
        headers: { "x-github-event": "push", "x-github-delivery": randomUUID() },
        body: JSON.stringify(push),
      }),
    );
    expect(unsigned.status).toBe(401);
    expect((await deliver("push", { ...push, repository: { full_name: "someone/else" } })).status).toBe(404);
    const malformed = await deliver("push", { ...push, after: "not-a-sha" });
    expect([malformed.status, malformed.body.error]).toEqual([400, expect.stringMatching(/after/)]);
    expect((await deliver("push", null, { raw: "{not json" })).status).toBe(400);
    const huge = await deliver("push", { ...push, padding: "x".repeat(1024 * 1024) });
    expect(huge.status).toBe(413);
    expect(await h.db.build.count({ where: { trigger: { not: "manual" } } })).toBe(0);
  });
});

describe("a pull request", () => {
  let sha: string;

  it("deploys the head branch to a preview stage, reports statuses and one comment with the links", async () => {
    sha = await h.repo.commitFile(
      "services/restapi/handler.js",
      (s) => s.replace("Hello from restapi", "Hello from restapi PR 7"),
      "PR greeting",
      "feature/ph-api",
    );
    const opened = await deliver("pull_request", pr("opened", 7, "feature/ph-api", sha));
    expect(opened.status).toBe(202);
    const builds = await waitForBuilds(
      h,
      opened.body.builds!.map((b) => b.id),
    );
    expect(builds.map((b) => [b.service.name, b.instance.stage, b.status]).sort()).toEqual([
      ["database", "feature-ph-api", "SUCCEEDED"],
      ["restapi", "feature-ph-api", "SUCCEEDED"],
      ["tasks", "feature-ph-api", "SUCCEEDED"],
    ]);
    expect(await (await fetch(link("feature-ph-api", "restapi", "/submit"))).json()).toMatchObject({
      message: "Hello from restapi PR 7",
      env: "dev",
      table: "workshop-submissions-dev",
    });

    // A replay of the same delivery is acknowledged and ignored.
    const replay = await deliver("pull_request", pr("opened", 7, "feature/ph-api", sha), { id: opened.id });
    expect([replay.status, replay.body.ignored]).toEqual([200, "duplicate delivery"]);
    expect(await h.db.build.count({ where: { commitSha: sha } })).toBe(3);

    await waitFor("three Ready rows in the comment", async () => (lastComment().match(/✅ Ready/g) ?? []).length === 3);
    for (const service of ["database", "restapi", "tasks"]) {
      const statuses = calls.filter(
        (c) => c.url === `/api/v3/repos/acme/workshop/statuses/${sha}` && c.body.context === `slipway/${service}`,
      );
      expect(statuses.map((s) => s.body.state)).toEqual(["pending", "success"]);
      expect(statuses[1].body.target_url).toBe(link("feature-ph-api", service));
    }
    expect(calls.every((c) => c.auth === "Bearer ghs_test_token")).toBe(true);
    expect(comments().filter((c) => c.method === "POST")).toHaveLength(1);
    expect(comments().filter((c) => c.method === "POST")[0].url).toBe("/api/v3/repos/acme/workshop/issues/7/comments");
    expect(lastComment()).toContain(`[Preview](${link("feature-ph-api", "restapi")})`);
    expect(
      comments()
        .filter((c) => c.method === "PATCH")
        .every((c) => c.url === "/api/v3/repos/acme/workshop/issues/comments/1000"),
    ).toBe(true);
  });

  it("redeploys on a new commit once, though push and synchronize both report it; the comment is edited in place", async () => {
    const next = await h.repo.commitFile("services/restapi/handler.js", (s) => s.replace("PR 7", "PR 7 v2"), "PR v2", "feature/ph-api");
    const push = await deliver("push", { ref: "refs/heads/feature/ph-api", before: sha, after: next, repository: REPO });
    const sync = await deliver("pull_request", pr("synchronize", 7, "feature/ph-api", next));
    expect(push.body.builds).toHaveLength(1);
    expect(sync.body.builds).toEqual([]);
    const [build] = await waitForBuilds(
      h,
      push.body.builds!.map((b) => b.id),
    );
    expect([build.service.name, build.status]).toEqual(["restapi", "SUCCEEDED"]);
    expect(await (await fetch(link("feature-ph-api", "restapi", "/submit"))).json()).toMatchObject({
      message: "Hello from restapi PR 7 v2",
    });
    await waitFor(
      "the comment to show the new commit",
      async () => lastComment().includes(next.slice(0, 7)) && lastComment().includes("✅ Ready"),
    );
    expect(comments().filter((c) => c.method === "POST")).toHaveLength(1);
  });

  it("is destroyed when closed, and the comment says so", async () => {
    const closed = await deliver("pull_request", pr("closed", 7, "feature/ph-api", await h.repo.head("feature/ph-api")));
    const removed = await waitForBuilds(
      h,
      closed.body.builds!.map((b) => b.id),
    );
    expect(removed.map((b) => [b.kind, b.status, b.trigger])).toEqual(Array(3).fill(["REMOVE", "SUCCEEDED", "pr-closed"]));
    expect((await fetch(link("feature-ph-api", "restapi", "/submit"))).status).toBe(404);
    await waitFor("three Destroyed rows", async () => (lastComment().match(/Destroyed/g) ?? []).length === 3);
    expect(lastComment()).toContain("pull request closed");
    expect(lastComment()).not.toContain("[Preview]");
    expect(comments().filter((c) => c.method === "POST")).toHaveLength(1);
    expect((await h.db.pullRequest.findFirstOrThrow({ where: { number: 7 } })).open).toBe(false);
  });

  it("holds a pull request from a fork for an admin's approval (server/domain/builds/fork-approval.int.test.ts)", async () => {
    const fork = await deliver("pull_request", pr("opened", 8, "feature/ph-api", await h.repo.head("feature/ph-api"), "mallory/workshop"));
    expect(fork.status).toBe(202);
    const held = await h.db.build.findMany({ where: { id: { in: fork.body.builds!.map((b) => b.id) } }, include: { instance: true } });
    expect(held.length).toBeGreaterThan(0);
    for (const b of held)
      expect([b.fromFork, b.status, b.approvedAt, b.branch, b.instance.stage]).toEqual([true, "QUEUED", null, "pr-8", "pr-8"]);
  });

  it("destroys a branch's preview on a delete event", async () => {
    const s = await h.repo.commitFile("services/database/naming.js", (x) => `${x}\n// z\n`, "tmp", "feature/tmp");
    const pushed = await deliver("push", { ref: "refs/heads/feature/tmp", before: "0".repeat(40), after: s, repository: REPO });
    await waitForBuilds(
      h,
      pushed.body.builds!.map((b) => b.id),
    );
    // GitHub sends `delete` once the branch is gone; the worker checks the remote before destroying anything.
    await h.repo.git("push", "--quiet", "origin", "--delete", "feature/tmp");
    const del = await deliver("delete", { ref: "feature/tmp", ref_type: "branch", repository: REPO });
    const removed = await waitForBuilds(
      h,
      del.body.builds!.map((b) => b.id),
    );
    expect(removed.map((b) => [b.kind, b.status])).toEqual(Array(3).fill(["REMOVE", "SUCCEEDED"]));
  });
});

describe("the push job", () => {
  it("answers without git: 202 with the queued job, before any build exists", async () => {
    const sha = await h.repo.commitFile("services/database/naming.js", (x) => `${x}\n// answer\n`, "answer", "feature/answer");
    const body = JSON.stringify({ ref: "refs/heads/feature/answer", before: "0".repeat(40), after: sha, repository: REPO });
    const { raw } = await loadWebhookRoutes(h);
    const res = await raw.github(
      new Request("http://slipway.test/api/webhooks/github", {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-github-event": "push",
          "x-github-delivery": randomUUID(),
          "x-hub-signature-256": signBody(SECRET, body),
        },
        body,
      }),
    );
    const answer = (await res.json()) as { queued: boolean; job: string };
    expect([res.status, answer.queued, answer.job]).toEqual([202, true, expect.stringMatching(/^push-github-/)]);
    const builds = await waitFor("the push job's builds", async () => {
      const b = await h.db.build.findMany({ where: { commitSha: sha } });
      return b.length === 3 ? b : null;
    });
    await waitForBuilds(
      h,
      builds.map((b) => b.id),
    );
  });

  it("builds the branch head the remote has, not a replayed push's old commit (new delivery id)", async () => {
    const branch = "feature/replayed";
    const old = await h.repo.commitFile(
      "services/restapi/handler.js",
      (s) => s.replace(/Hello from restapi[^"]*/, "Hello from restapi old"),
      "old",
      branch,
    );
    const captured = { ref: `refs/heads/${branch}`, before: "0".repeat(40), after: old, repository: REPO };
    const first = await deliver("push", captured);
    await waitForBuilds(
      h,
      first.body.builds!.map((b) => b.id),
    );
    const newer = await h.repo.commitFile(
      "services/restapi/handler.js",
      (s) => s.replace("Hello from restapi old", "Hello from restapi newer"),
      "newer",
      branch,
    );
    const second = await deliver("push", { ...captured, before: old, after: newer });
    const [built] = await waitForBuilds(
      h,
      second.body.builds!.map((b) => b.id),
    );
    expect([built.commitSha, built.status]).toEqual([newer, "SUCCEEDED"]);

    // The captured first delivery again, under a new delivery id: validly signed, so it is queued, and deploys nothing.
    const replay = await deliver("push", captured);
    expect(replay.status).toBe(202);
    expect(replay.body.builds).toEqual([]);
    expect(await h.db.build.count({ where: { commitSha: old } })).toBe(first.body.builds!.length);
    expect(await h.db.build.count({ where: { commitSha: newer } })).toBe(1);
    expect(await (await fetch(link("feature-replayed", "restapi", "/submit"))).json()).toMatchObject({
      message: "Hello from restapi newer",
    });

    // A push that names a commit the branch no longer points at builds the head instead (once: already built).
    const stale = await deliver("push", { ...captured, before: newer, after: old });
    expect(stale.body.builds).toEqual([]);
    expect(await h.db.build.count({ where: { commitSha: old } })).toBe(first.body.builds!.length);
  });
});

describe("rotating the webhook secret", () => {
  it("returns a new secret once, which replaces the old one at once; only an admin may", async () => {
    const { createCaller } = await import("../../trpc/root");
    const caller = async (email: string) =>
      createCaller({
        ...h.deps,
        userId: (await h.db.user.findUniqueOrThrow({ where: { email } })).id,
      });
    await expect((await caller("dev@example.com")).webhooks.rotateSecret({ appSlug: "workshop" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    const rotated = await (await caller("admin@example.com")).webhooks.rotateSecret({ appSlug: "workshop", githubRepo: "acme/workshop" });
    expect(rotated.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(rotated.gitWebhookUrl).toMatch(/\/api\/webhooks\/git\?app=acme\/workshop$/);
    const push = { ref: "refs/heads/master", before: "0".repeat(40), after: await h.repo.head("master"), repository: REPO };
    expect((await deliver("push", push)).status).toBe(401); // the old secret
    expect((await deliver("push", push, { secret: rotated.secret })).status).toBe(202);
    const audit = await h.db.auditEvent.findFirstOrThrow({ where: { action: "app.webhook-secret" } });
    expect(JSON.stringify(audit)).not.toContain(rotated.secret);
  });
});
