import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, waitForBuilds, type Harness, deployDatabaseToDev } from "../scripts/test/harness";
import { pollRepository } from "../server/domain/triggers/poll-repository";

let h: Harness;
const url = (stage: string, service: string, p: string) => `${h.worker.runtimeUrl}/acme/workshop/${stage}/${service}/${p}`;

beforeAll(async () => {
  h = await startHarness();
  await pollRepository(h.deps, h.appId); // the first poll records the branches without building
  await deployDatabaseToDev(h);
}, 120_000);

afterAll(async () => {
  await h?.close();
});

describe("a push to master", () => {
  it("builds every service it touches, tests them, and serves the new handler on staging", async () => {
    await h.repo.commitFile("services/restapi/handler.js", (s) => s.replace("Hello from restapi", "Hello from restapi v2"), "Say v2");
    const { pushed } = await pollRepository(h.deps, h.appId);
    expect(pushed).toEqual(["master"]);
    const builds = await h.db.build.findMany({ where: { branch: "master" }, include: { service: true } });
    expect(builds.map((b) => b.service.name).sort()).toEqual(["database", "restapi", "tasks"]);
    const done = await waitForBuilds(
      h,
      builds.map((b) => b.id),
    );
    for (const b of done) expect({ service: b.service.name, status: b.status, error: b.error }).toMatchObject({ status: "SUCCEEDED" });
    const restapi = done.find((b) => b.service.name === "restapi")!;
    expect(restapi.steps.map((s) => [s.name, s.status])).toEqual([
      ["checkout", "SUCCEEDED"],
      ["install", "SUCCEEDED"],
      ["test", "SUCCEEDED"],
      ["resolve", "SUCCEEDED"],
      ["safeguards", "SUCCEEDED"],
      ["deploy", "SUCCEEDED"],
    ]);
    expect(restapi.log).toContain("tests 3");

    const res = await fetch(url("staging", "restapi", "submit"));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      message: "Hello from restapi v2",
      env: "staging",
      table: "workshop-submissions-staging",
      hasApiKey: true,
    });
  });

  it("keeps the secret parameter out of the build log and the stored deployment", async () => {
    const deployments = await h.db.deployment.findMany({ select: { config: true, paramsSnapshot: true } });
    expect(deployments.length).toBeGreaterThan(0);
    expect(JSON.stringify(deployments)).not.toContain("staging-key-b81e42");
    const logs = await h.db.build.findMany({ select: { log: true } });
    expect(logs.length).toBeGreaterThan(0);
    for (const { log } of logs) expect(log ?? "").not.toContain("staging-key-b81e42");
    expect(logs.some(({ log }) => log?.includes("ENDPOINT_API_KEY=***"))).toBe(true);
  });

  it("does not deploy a commit whose tests fail, and the previous version keeps serving", async () => {
    await h.repo.commitFile(
      "services/restapi/handler.js",
      (s) => s.replace("Hello from restapi v2", "Broken greeting"),
      "Break the greeting",
    );
    await h.repo.commitFile("services/restapi/test/handler.test.js", (s) => s.replace("/restapi/", "/never-matches/"), "A test that fails");
    await pollRepository(h.deps, h.appId);
    const builds = await h.db.build.findMany({
      where: { branch: "master", status: { in: ["QUEUED", "RUNNING"] } },
      include: { service: true },
    });
    expect(builds.map((b) => b.service.name)).toEqual(["restapi"]);
    const [failed] = await waitForBuilds(
      h,
      builds.map((b) => b.id),
    );
    expect(failed.status).toBe("FAILED");
    expect(failed.steps.find((s) => s.name === "test")?.status).toBe("FAILED");
    expect(failed.steps.find((s) => s.name === "deploy")?.status).toBe("SKIPPED");
    expect(failed.error).toMatch(/npm test.*exited with code/);
    const body = await (await fetch(url("staging", "restapi", "submit"))).json();
    expect(body.message).toBe("Hello from restapi v2");
  });

  it("fails a broken serverless.yml at the resolve step with the file's error, deploying nothing", async () => {
    await h.repo.commitFile(
      "services/restapi/test/handler.test.js",
      (s) => s.replace("/never-matches/", "/restapi|greeting/i"),
      "Fix the test",
    );
    await h.repo.commitFile("services/restapi/serverless.yml", (s) => s.replace("functions:", "functions: [oops\n"), "Break the yaml");
    await pollRepository(h.deps, h.appId);
    const builds = await h.db.build.findMany({ where: { status: { in: ["QUEUED", "RUNNING"] } } });
    const [failed] = await waitForBuilds(
      h,
      builds.map((b) => b.id),
    );
    expect(failed.status).toBe("FAILED");
    expect(failed.steps.find((s) => s.name === "resolve")?.status).toBe("FAILED");
    expect(failed.error).toMatch(/serverless\.yml/);
    const body = await (await fetch(url("staging", "restapi", "submit"))).json();
    expect(body.message).toBe("Hello from restapi v2");
  });
});
