import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, waitFor, waitForBuilds, type Harness, deployDatabaseToDev, instanceLink } from "../../../scripts/test/harness";
import { connectWebhooks, loadWebhookRoutes } from "../../../scripts/test/webhook-routes";
import { createSchedulesQueue } from "../../../worker/runtime/schedules";
import { pollRepository } from "./poll-repository";
import { reconcilePreviews } from "./reconcile-previews";
import { signBody } from "../webhooks/verify-signature";

/**
 * A branch's whole life through Slipway's generic git webhook (what scripts/hooks/post-receive
 * posts), with a real bare repository, real builds and the real runtime.
 */
let h: Harness;
let post: (req: Request) => Promise<Response>;
const SECRET = "post-receive-secret";
const ZERO = "0".repeat(40);
const link = (stage: string, service: string, p = "") => instanceLink(h, stage, service, p);

async function notify(ref: string, before: string, after: string) {
  const body = JSON.stringify({ ref, before, after });
  const res = await post(
    new Request("http://slipway.test/api/webhooks/git?app=acme/workshop", {
      method: "POST",
      headers: { "content-type": "application/json", "x-slipway-signature": signBody(SECRET, body) },
      body,
    }),
  );
  return { status: res.status, body: (await res.json()) as { builds?: { id: string }[]; error?: string; ignored?: string } };
}

const schedulesOf = async (instanceId: string) => {
  const queue = createSchedulesQueue(h.redis, h.env.REDIS_PREFIX);
  const keys = (await queue.getJobSchedulers(0, -1)).map((s) => s.key).filter((k) => k.startsWith(`${instanceId}:`));
  await queue.close();
  return keys;
};

beforeAll(async () => {
  h = await startHarness();
  ({ git: post } = await loadWebhookRoutes(h));
  await connectWebhooks(h, SECRET);
  await pollRepository(h.deps, h.appId);
  await deployDatabaseToDev(h);
}, 120_000);

afterAll(async () => {
  await h?.close();
});

describe("a pull request branch", () => {
  let first: string;

  it("gets a preview stage named after the branch, with the default profile and the dev database's outputs", async () => {
    first = await h.repo.commitFile(
      "services/restapi/handler.js",
      (s) => s.replace("Hello from restapi", "Hello from restapi preview"),
      "Preview greeting",
      "feature/ph-api",
    );
    const { status, body } = await notify("refs/heads/feature/ph-api", ZERO, first);
    expect(status).toBe(202);
    const builds = await waitForBuilds(
      h,
      body.builds!.map((b) => b.id),
    );
    expect(builds.map((b) => [b.service.name, b.instance.stage, b.status, b.trigger]).sort()).toEqual([
      ["database", "feature-ph-api", "SUCCEEDED", "preview"],
      ["restapi", "feature-ph-api", "SUCCEEDED", "preview"],
      ["tasks", "feature-ph-api", "SUCCEEDED", "preview"],
    ]);
    expect(builds.find((b) => b.service.name === "restapi")!.log).toContain("profile-dev");

    const res = await fetch(link("feature-ph-api", "restapi", "/submit"));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      message: "Hello from restapi preview",
      env: "dev",
      table: "workshop-submissions-dev",
      hasApiKey: true,
    });
    const tasks = await h.db.serviceInstance.findFirstOrThrow({ where: { stage: "feature-ph-api", service: { name: "tasks" } } });
    expect(tasks.branch).toBe("feature/ph-api");
    expect(await schedulesOf(tasks.id)).toEqual([`${tasks.id}:ping:0`]);
  });

  it("is redeployed by the next push, and a replayed (validly signed) old notification deploys nothing", async () => {
    const second = await h.repo.commitFile(
      "services/restapi/handler.js",
      (s) => s.replace("restapi preview", "restapi preview v2"),
      "Preview v2",
      "feature/ph-api",
    );
    const { body } = await notify("refs/heads/feature/ph-api", first, second);
    expect(body.builds).toHaveLength(1); // only restapi changed
    const [build] = await waitForBuilds(
      h,
      body.builds!.map((b) => b.id),
    );
    expect([build.service.name, build.status, build.commitSha]).toEqual(["restapi", "SUCCEEDED", second]);
    expect(await (await fetch(link("feature-ph-api", "restapi", "/submit"))).json()).toMatchObject({
      message: "Hello from restapi preview v2",
      env: "dev",
    });

    const replay = await notify("refs/heads/feature/ph-api", ZERO, first);
    expect(replay.body.builds).toEqual([]);
    expect(await (await fetch(link("feature-ph-api", "restapi", "/submit"))).json()).toMatchObject({
      message: "Hello from restapi preview v2",
    });
  });

  it("is destroyed when the branch is deleted: link 404, outputs and schedules gone", async () => {
    const instances = await h.db.serviceInstance.findMany({ where: { stage: "feature-ph-api" } });
    expect(instances).toHaveLength(3);
    expect(await h.db.output.count({ where: { instanceId: { in: instances.map((i) => i.id) } } })).toBeGreaterThanOrEqual(3);

    // A deletion notification while the branch still exists is refused (replay protection).
    expect((await notify("refs/heads/feature/ph-api", first, ZERO)).body.ignored).toMatch(/still exists/);

    const head = await h.repo.head("feature/ph-api");
    await h.repo.git("push", "--quiet", "origin", "--delete", "feature/ph-api");
    const { body } = await notify("refs/heads/feature/ph-api", head, ZERO);
    expect(body.builds).toHaveLength(3);
    const removed = await waitForBuilds(
      h,
      body.builds!.map((b) => b.id),
    );
    for (const b of removed) expect([b.kind, b.status]).toEqual(["REMOVE", "SUCCEEDED"]);

    expect((await fetch(link("feature-ph-api", "restapi", "/submit"))).status).toBe(404);
    expect(await h.db.output.count({ where: { instanceId: { in: instances.map((i) => i.id) } } })).toBe(0);
    for (const i of await h.db.serviceInstance.findMany({ where: { stage: "feature-ph-api" } })) {
      expect(i.removedAt).not.toBeNull();
      expect(i.currentDeploymentId).toBeNull();
      expect(await schedulesOf(i.id)).toEqual([]);
    }
  });
});

describe("branch deployments", () => {
  it("deploys master to staging with profile-staging; a change only under services/tasks/ builds only tasks", async () => {
    const sha = await h.repo.commitFile(
      "services/restapi/handler.js",
      (s) => s.replace("Hello from restapi", "Hello from restapi staging"),
      "Staging greeting",
    );
    const all = await notify("refs/heads/master", ZERO, sha);
    const builds = await waitForBuilds(
      h,
      all.body.builds!.map((b) => b.id),
    );
    expect(builds.map((b) => [b.service.name, b.instance.stage, b.status]).sort()).toEqual([
      ["database", "staging", "SUCCEEDED"],
      ["restapi", "staging", "SUCCEEDED"],
      ["tasks", "staging", "SUCCEEDED"],
    ]);
    expect(await (await fetch(link("staging", "restapi", "/submit"))).json()).toMatchObject({
      env: "staging",
      table: "workshop-submissions-staging",
    });

    const tasksOnly = await h.repo.commitFile("services/tasks/handler.js", (s) => `${s}\n// a comment\n`, "Touch only tasks");
    const { body } = await notify("refs/heads/master", sha, tasksOnly);
    const only = await waitForBuilds(
      h,
      body.builds!.map((b) => b.id),
    );
    expect(only.map((b) => [b.service.name, b.instance.stage, b.status, b.commitSha])).toEqual([
      ["tasks", "staging", "SUCCEEDED", tasksOnly],
    ]);
  });
});

describe("the reconciler", () => {
  it("destroys a preview whose branch vanished without any notification, and previews idle past the TTL", async () => {
    const gone = await h.repo.commitFile("services/database/naming.js", (s) => `${s}\n// x\n`, "Gone soon", "feature/vanishing");
    const idle = await h.repo.commitFile("services/database/naming.js", (s) => `${s}\n// y\n`, "Idle", "feature/idle");
    const a = await notify("refs/heads/feature/vanishing", ZERO, gone);
    const b = await notify("refs/heads/feature/idle", ZERO, idle);
    await waitForBuilds(
      h,
      [...a.body.builds!, ...b.body.builds!].map((x) => x.id),
    );
    await h.repo.git("push", "--quiet", "origin", "--delete", "feature/vanishing");

    const now = new Date();
    const noTtl = await reconcilePreviews(h.deps, h.appId, { ttlHours: 0, now });
    expect(noTtl).toEqual({ gone: ["feature/vanishing"], expired: [] });
    const again = await reconcilePreviews(h.deps, h.appId, { ttlHours: 0, now });
    expect(again.gone).toEqual(["feature/vanishing"]);
    const removals = await h.db.build.findMany({ where: { trigger: "reconcile" } });
    expect(removals).toHaveLength(3); // once per instance, not once per run
    await waitForBuilds(
      h,
      removals.map((r) => r.id),
    );
    expect((await fetch(link("feature-vanishing", "restapi", "/submit"))).status).toBe(404);
    expect((await fetch(link("feature-idle", "restapi", "/submit"))).status).toBe(200);

    const later = new Date(now.getTime() + 49 * 3_600_000);
    const ttl = await reconcilePreviews(h.deps, h.appId, { ttlHours: 48, now: later });
    expect(ttl.expired.sort()).toEqual(["feature-idle", "feature-idle", "feature-idle"]);
    await waitForBuilds(
      h,
      (await h.db.build.findMany({ where: { trigger: "preview-ttl" } })).map((r) => r.id),
    );
    expect((await fetch(link("feature-idle", "restapi", "/submit"))).status).toBe(404);
    await waitFor(
      "no live previews",
      async () => (await h.db.serviceInstance.count({ where: { branch: { not: null }, removedAt: null } })) === 0,
    );
  });
});
