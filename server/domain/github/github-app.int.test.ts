import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deployDatabaseToDev, instanceLink, startHarness, waitFor, waitForBuilds, type Harness } from "../../../scripts/test/harness";
import { connectWebhooks, loadWebhookRoutes } from "../../../scripts/test/webhook-routes";
import { startFakeGitHubApp, type FakeGitHub } from "../../../scripts/test/fake-github-app";
import { createCaller } from "../../trpc/root";
import { queueBuild } from "../builds/queue-build";
import { signBody } from "../webhooks/verify-signature";

/**
 * The org's GitHub App, end to end: saved through tRPC (GitHub checks the key), repositories
 * connected only when the installation sees them, and a pull request's builds reported with
 * installation tokens — commit statuses, a GitHub Deployment per service with its statuses, and
 * the one comment — to a fake GitHub that verifies every JWT with the app's public key.
 */
let h: Harness;
let gh: FakeGitHub;
let post: (req: Request) => Promise<Response>;
let secret = "";
const REPO = { full_name: "acme/workshop", clone_url: "https://github.example/acme/workshop.git" };
const link = (stage: string, service: string) => instanceLink(h, stage, service);

const as = async (email: string) => {
  const user = await h.db.user.findUniqueOrThrow({ where: { email } });
  return createCaller({ ...h.deps, userId: user.id });
};

async function deliver(event: string, payload: unknown) {
  const body = JSON.stringify(payload);
  const res = await post(
    new Request("http://slipway.test/api/webhooks/github", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-github-event": event,
        "x-github-delivery": randomUUID(),
        "x-hub-signature-256": signBody(secret, body),
      },
      body,
    }),
  );
  return { status: res.status, body: (await res.json()) as { builds?: { id: string }[] } };
}

const pr = (action: string, sha: string) => ({
  action,
  number: 12,
  pull_request: {
    merged: false,
    head: { ref: "feature/ph-api", sha, repo: { full_name: REPO.full_name } },
    base: { ref: "master", repo: { full_name: REPO.full_name } },
  },
  repository: REPO,
});

const repoCalls = (pattern: RegExp) => gh.calls.filter((c) => pattern.test(c.url) && c.status < 300);
const lastComment = () => String(repoCalls(/\/issues\//).at(-1)?.body.body ?? "");
const deploymentsOf = (stage: string) => repoCalls(/\/deployments$/).filter((c) => String(c.body.environment).startsWith(`${stage} – `));
const statusesOf = (id: number) => repoCalls(new RegExp(`/deployments/${id}/statuses$`)).map((c) => c.body);

beforeAll(async () => {
  gh = await startFakeGitHubApp();
  h = await startHarness({ GITHUB_API_URL: gh.apiUrl });
  ({ github: post } = await loadWebhookRoutes(h, { GITHUB_API_URL: gh.apiUrl }));
  await connectWebhooks(h, "unused-until-rotated");
  await deployDatabaseToDev(h);
}, 120_000);

afterAll(async () => {
  await h?.close();
  await gh?.close();
});

describe("the org's GitHub App", () => {
  it("is saved by an admin once GitHub accepts a JWT signed with its key; the key is never shown again", async () => {
    await expect((await as("dev@example.com")).githubApp.save({ appId: gh.appId, privateKey: gh.privateKeyPem })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    const admin = await as("admin@example.com");
    await expect(admin.githubApp.save({ appId: gh.appId, privateKey: "not a key" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("PEM"),
    });
    await expect(admin.githubApp.save({ appId: gh.appId, privateKey: gh.otherKeyPem })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("GitHub refused"),
    });
    await expect(admin.githubApp.save({ appId: "12ab", privateKey: gh.privateKeyPem })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await h.db.gitHubApp.count()).toBe(0);

    expect(await admin.githubApp.save({ appId: gh.appId, privateKey: gh.privateKeyPem, webhookSecret: "app-hook-secret" })).toEqual({
      appId: gh.appId,
      slug: "slipway-test",
      name: "Slipway Test",
    });
    const shown = await admin.githubApp.get();
    expect(shown.app).toMatchObject({ appId: gh.appId, hasWebhookSecret: true });
    const everywhere = JSON.stringify([
      shown,
      await h.db.gitHubApp.findMany(),
      await h.db.auditEvent.findMany({ where: { action: "github-app.save" } }),
    ]);
    expect(everywhere).not.toContain("PRIVATE KEY");
    expect(everywhere).not.toContain("app-hook-secret");
    // Saving again without a key keeps the stored one.
    await admin.githubApp.save({ appId: gh.appId });
    expect(repoCalls(/^\/app$/)).toHaveLength(2);
  });

  it("refuses to connect a repository its installation cannot see, and connects one it sees", async () => {
    const admin = await as("admin@example.com");
    await expect(admin.webhooks.rotateSecret({ appSlug: "workshop", githubRepo: "acme/secret-project" })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringContaining("installation cannot see acme/secret-project"),
    });
    expect((await h.db.repository.findFirstOrThrow({ where: { app: { id: h.appId } } })).githubRepo).toBeNull();
    secret = (await admin.webhooks.rotateSecret({ appSlug: "workshop", githubRepo: "acme/workshop" })).secret;
    // Deliveries signed with the App's webhook secret are accepted too (an App signs every repository's events with one).
    const body = JSON.stringify({ zen: "hi", repository: REPO });
    const ping = (sig: string) =>
      post(
        new Request("http://slipway.test/api/webhooks/github", {
          method: "POST",
          headers: { "x-github-event": "ping", "x-github-delivery": randomUUID(), "x-hub-signature-256": sig },
          body,
        }),
      );
    expect((await ping(signBody("app-hook-secret", body))).status).toBe(200);
    expect((await ping(signBody("some-other-secret", body))).status).toBe(401);
    expect((await h.db.repository.findFirstOrThrow({ where: { app: { id: h.appId } } })).githubInstallationId).toBeNull();
  });

  it("reports a pull request with installation tokens: statuses, a Deployment per service with the link, one comment", async () => {
    const sha = await h.repo.commitFile(
      "services/restapi/handler.js",
      (s) => s.replace("Hello from restapi", "Hello from restapi PR 12"),
      "PR 12",
      "feature/ph-api",
    );
    const opened = await deliver("pull_request", pr("opened", sha));
    expect(opened.status).toBe(202);
    const builds = await waitForBuilds(
      h,
      opened.body.builds!.map((b) => b.id),
    );
    expect(builds.every((b) => b.status === "SUCCEEDED")).toBe(true);
    await waitFor("three Ready rows", async () => (lastComment().match(/✅ Ready/g) ?? []).length === 3);
    await waitFor(
      "three successful deployments",
      async () => repoCalls(/\/deployments\/\d+\/statuses$/).filter((c) => c.body.state === "success").length === 3,
    );

    // Tokens were bought with verified app JWTs, scoped to the repository, and only they wrote.
    const exchanges = repoCalls(/\/access_tokens$/);
    expect(exchanges.length).toBeGreaterThan(0);
    expect(exchanges.every((c) => JSON.stringify(c.body.repositories) === '["workshop"]')).toBe(true);
    const writes = gh.calls.filter(
      (c) => c.url.startsWith("/repos/acme/workshop/") && c.method !== "GET" && !c.url.endsWith("/installation"),
    );
    expect(writes.every((c) => c.status < 300 && /^Bearer ghs_/.test(c.auth ?? ""))).toBe(true);
    expect((await h.db.repository.findFirstOrThrow({ where: { app: { id: h.appId } } })).githubInstallationId).toBe(
      String(gh.installationId),
    );

    for (const service of ["database", "restapi", "tasks"]) {
      const statuses = repoCalls(new RegExp(`/statuses/${sha}$`)).filter((c) => c.body.context === `slipway/${service}`);
      expect(statuses.map((s) => s.body.state)).toEqual(["pending", "success"]);
    }
    const deployments = deploymentsOf("feature-ph-api");
    expect(deployments.map((d) => d.body.environment).sort()).toEqual([
      "feature-ph-api – database",
      "feature-ph-api – restapi",
      "feature-ph-api – tasks",
    ]);
    for (const d of deployments)
      expect(d.body).toMatchObject({ ref: sha, transient_environment: true, production_environment: false, required_contexts: [] });
    const ids = await h.db.gitHubDeployment.findMany({ where: { environment: "feature-ph-api – restapi" } });
    expect(ids).toHaveLength(1);
    expect(statusesOf(Number(ids[0].deploymentId)).map((s) => [s.state, s.environment_url ?? null])).toEqual([
      ["in_progress", null],
      ["success", link("feature-ph-api", "restapi")],
    ]);

    const comment = lastComment();
    expect(repoCalls(/\/issues\/12\/comments$/)).toHaveLength(1);
    expect(comment).toContain("| Service | Stage | Status | Link | Duration | Commit | Build |");
    expect(comment).toMatch(/\| restapi \| `feature-ph-api` \| ✅ Ready \| \[Preview\]\([^)]+\) \| \d+s \|/);
    expect(comment).toContain("| `database_submissions_name` | `workshop-submissions-feature-ph-api` |");
    // The comment leads with the preview's reviewer page.
    expect(comment).toMatch(/\*\*\[Review this preview in Slipway →\]\(https?:\/\/[^)]+\/apps\/[a-z0-9-]+\/previews\/feature-ph-api\)\*\*/);
  });

  it("shows a failure in the comment with the failing step and the end of its log, and fails its deployment", async () => {
    const before = await h.repo.head("feature/ph-api");
    const sha = await h.repo.commitFile(
      "services/database/naming.js",
      (s) => s.replace("workshop-submissions-", "oops-"),
      "break naming",
      "feature/ph-api",
    );
    const pushed = await deliver("push", { ref: "refs/heads/feature/ph-api", before, after: sha, repository: REPO });
    const [build] = await waitForBuilds(
      h,
      pushed.body.builds!.map((b) => b.id),
    );
    expect([build.service.name, build.status]).toEqual(["database", "FAILED"]);
    await waitFor("the comment to show the failure", async () => lastComment().includes("❌ Failed"));
    const comment = lastComment();
    expect(comment).toContain("Failed at **test**");
    expect(comment).toContain("# fail 1");
    expect(comment).not.toMatch(/\u001b\[/);
    const row = await h.db.gitHubDeployment.findUniqueOrThrow({ where: { buildId: build.id } });
    await waitFor("the failure status", async () => statusesOf(Number(row.deploymentId)).some((s) => s.state === "failure"));
    expect(statusesOf(Number(row.deploymentId)).at(-1)).toMatchObject({
      state: "failure",
      log_url: expect.stringContaining(`/builds/${build.id}`),
    });
    expect(repoCalls(/\/issues\/12\/comments$/)).toHaveLength(1);
  });

  it("marks a closed pull request's deployments inactive", async () => {
    const closed = await deliver("pull_request", pr("closed", await h.repo.head("feature/ph-api")));
    await waitForBuilds(
      h,
      closed.body.builds!.map((b) => b.id),
    );
    const rows = await h.db.gitHubDeployment.findMany({ where: { environment: { startsWith: "feature-ph-api – " } } });
    await waitFor("every deployment inactive", async () =>
      rows.every((r) => statusesOf(Number(r.deploymentId)).at(-1)?.state === "inactive"),
    );
    await waitFor("Destroyed rows", async () => (lastComment().match(/Destroyed/g) ?? []).length === 3);
  });

  it("reports nothing for a repository its installation cannot see, and says so in the build's log", async () => {
    const repository = await h.db.repository.findFirstOrThrow({ where: { app: { id: h.appId } } });
    // Connected before the org had its App (or behind Slipway's back): the use is refused too.
    await h.db.repository.update({ where: { id: repository.id }, data: { githubRepo: "acme/elsewhere", githubInstallationId: null } });
    const database = await h.db.service.findFirstOrThrow({ where: { appId: h.appId, name: "database" } });
    const queued = await queueBuild(h.db, h.queue, {
      serviceId: database.id,
      stage: "dev",
      trigger: "manual",
      commitSha: await h.repo.head("master"),
    });
    const [build] = await waitForBuilds(h, [queued.id]);
    expect(build.status).toBe("SUCCEEDED");
    const stored = await h.db.build.findUniqueOrThrow({ where: { id: build.id } });
    expect(stored.log).toContain("GitHub: nothing reported — The organization's GitHub App installation cannot see acme/elsewhere");
    expect(gh.calls.filter((c) => c.url.startsWith("/repos/acme/elsewhere/") && c.method === "POST")).toHaveLength(0);
    await h.db.repository.update({ where: { id: repository.id }, data: { githubRepo: "acme/workshop" } });
  });
});
