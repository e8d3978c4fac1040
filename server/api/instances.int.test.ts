import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { instanceLink, startHarness, waitFor, waitForBuilds, type Harness } from "../../scripts/test/harness";
import { createCaller } from "../trpc/root";
import { handleBranchPush } from "../domain/triggers/handle-branch";
import { queueBuild } from "../domain/builds/queue-build";

/** The stage page's query: links, deployments, outputs and the instance's real invocation logs. */
let h: Harness;
const as = async (email: string) => {
  const user = await h.db.user.findUniqueOrThrow({ where: { email } });
  return createCaller({ ...h.deps, userId: user.id });
};

beforeAll(async () => {
  h = await startHarness({ RUNTIME_PUBLIC_URL: "https://preview.example.test" });
  const database = await h.db.service.findFirstOrThrow({ where: { appId: h.appId, name: "database" } });
  const dev = await queueBuild(h.db, h.queue, {
    serviceId: database.id,
    stage: "dev",
    trigger: "manual",
    commitSha: await h.repo.head("master"),
  });
  await waitForBuilds(h, [dev.id]);
  const builds = await handleBranchPush(h.deps, h.appId, "master", await h.repo.head("master"));
  for (const b of await waitForBuilds(
    h,
    builds.map((b) => b.id),
  ))
    expect(b.status).toBe("SUCCEEDED");
}, 120_000);

afterAll(async () => {
  await h?.close();
});

describe("instances.stage", () => {
  it("shows a reviewer each service's link, deployment, outputs and recent invocation logs, secrets masked", async () => {
    const res = await fetch(instanceLink(h, "staging", "restapi", "/submit"));
    expect(res.status).toBe(200);
    const reviewer = await as("reviewer@example.com");
    const stage = await waitFor("restapi's invocation log", async () => {
      const s = await reviewer.instances.stage({ appSlug: "workshop", stage: "staging" });
      return s.services.find((x) => x.service === "restapi")!.logs.some((l) => l.line.startsWith("REPORT")) ? s : null;
    });
    expect(stage.profile).toEqual({ name: "profile-staging" });
    expect(stage.services.map((s) => [s.service, s.url])).toEqual([
      // Only services with HTTP functions have a link, and it lands on their first GET route.
      ["database", null],
      // The public URL's scheme and port (none), on the instance's own host under RUNTIME_DOMAIN.
      ["restapi", "https://staging--restapi--workshop--acme.localhost/submit"],
      ["tasks", null],
    ]);
    const database = stage.services.find((s) => s.service === "database")!;
    expect(database.outputs).toEqual({
      database_submissions_name: "workshop-submissions-staging",
      database_submissions_region: "us-east-1",
    });
    expect(database.deployment?.commitSha).toBe(await h.repo.head("master"));

    // The scheduled task runs once at deploy; what it printed shows up, with the secret masked if printed.
    const tasks = await waitFor(
      "the tasks log",
      async () => {
        const s = await reviewer.instances.stage({ appSlug: "workshop", stage: "staging" });
        const t = s.services.find((x) => x.service === "tasks")!;
        return t.logs.some((l) => l.line.includes("pinging")) ? t : null;
      },
      30_000,
    );
    expect(tasks.logs.find((l) => l.line.includes("pinging"))!.line).toContain("https://api.staging.example.com");
    expect(JSON.stringify(stage)).not.toContain("staging-key-b81e42");
  });

  it("gives the build page of a deploy the link it deployed and its outputs, and of a replaced deploy no link", async () => {
    const reviewer = await as("reviewer@example.com");
    const stage = await reviewer.instances.stage({ appSlug: "workshop", stage: "staging" });
    const buildOf = (service: string) => stage.services.find((s) => s.service === service)!.deployment!.build!.id;
    const restapi = await reviewer.builds.get({ id: buildOf("restapi") });
    expect(restapi.deployed).toMatchObject({
      serving: true,
      hasHttp: true,
      url: "https://staging--restapi--workshop--acme.localhost/submit",
    });
    expect(restapi.instance.guarded).toBe(false);
    const database = await reviewer.builds.get({ id: buildOf("database") });
    expect(database.deployed).toEqual({
      serving: true,
      hasHttp: false,
      url: null,
      outputs: { database_submissions_name: "workshop-submissions-staging", database_submissions_region: "us-east-1" },
    });
    expect(JSON.stringify([restapi, database])).not.toContain("staging-key-b81e42");

    // A newer deploy replaces it: the old build no longer claims to serve.
    const svc = await h.db.service.findFirstOrThrow({ where: { appId: h.appId, name: "database" } });
    const next = await queueBuild(h.db, h.queue, {
      serviceId: svc.id,
      stage: "staging",
      trigger: "manual",
      commitSha: await h.repo.head("master"),
    });
    await waitForBuilds(h, [next.id]);
    expect((await reviewer.builds.get({ id: buildOf("database") })).deployed).toMatchObject({ serving: false, url: null });
    expect((await reviewer.builds.get({ id: next.id })).deployed).toMatchObject({ serving: true });
  });

  it("is scoped to the caller's org and refuses an unknown stage", async () => {
    const admin = await as("admin@example.com");
    await expect(admin.instances.stage({ appSlug: "workshop", stage: "nope" })).rejects.toThrow(TRPCError);
    await expect(admin.instances.stage({ appSlug: "workshop", stage: "bad/stage" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const other = await h.db.org.create({ data: { slug: "other", name: "Other" } });
    const outsider = await h.db.user.create({ data: { email: "o@example.com", name: "O", passwordHash: "x" } });
    await h.db.membership.create({ data: { orgId: other.id, userId: outsider.id, role: "ADMIN" } });
    const caller = createCaller({ ...h.deps, userId: outsider.id });
    await expect(caller.instances.stage({ appSlug: "workshop", stage: "staging" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
