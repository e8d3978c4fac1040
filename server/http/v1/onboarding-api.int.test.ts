import { stat } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, waitForBuilds, type Harness } from "../../../scripts/test/harness";
import { startApiServer } from "../../../scripts/test/api-v1-server";
import { createTeamRepo, helloService, type TeamRepo } from "../../../scripts/test/team-repo";
import { createToken } from "../../domain/tokens/create-token";
import { mirrorDir } from "../../domain/git/mirror-dir";

/**
 * Automation onboards a repository over /api/v1 — connect, test, create the app (its first deploy
 * runs on the real worker and answers at its link), add a service that appeared later — and an
 * admin deletes the app, which takes its deployment down.
 */
let h: Harness;
let api: Awaited<ReturnType<typeof startApiServer>>;
let repo: TeamRepo;
const tokens: Record<string, string> = {};

const call = (method: string, p: string, token: string, body?: unknown) =>
  fetch(`${api.url}/api/v1${p}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

beforeAll(async () => {
  h = await startHarness({ SLIPWAY_ALLOW_LOCAL_REPOS: "on" });
  Object.assign(process.env, {
    DATABASE_URL: h.env.DATABASE_URL,
    REDIS_PREFIX: h.env.REDIS_PREFIX,
    SLIPWAY_DATA_DIR: h.env.SLIPWAY_DATA_DIR,
    RUNTIME_PUBLIC_URL: h.worker.runtimeUrl!,
    SLIPWAY_ALLOW_LOCAL_REPOS: "on",
  });
  api = await startApiServer();
  process.env.NEXTAUTH_URL = api.url;
  for (const [name, email] of [
    ["admin", "admin@example.com"],
    ["dev", "dev@example.com"],
  ]) {
    const user = await h.db.user.findUniqueOrThrow({ where: { email } });
    tokens[name] = (await createToken(h.db, { orgId: h.orgId, userId: user.id }, "automation")).token;
  }
  repo = await createTeamRepo(path.join(h.env.SLIPWAY_DATA_DIR, "team"), "shop", helloService("hello", "Hello from the shop"));
}, 120_000);

afterAll(async () => {
  await api?.close();
  await h?.close();
});

describe("onboarding over /api/v1", () => {
  let appSlug: string;

  it("connects, tests and creates an app whose first deploy answers at its link", async () => {
    const connected = await call("POST", "/repositories", tokens.admin, { url: repo.bareDir, auth: { kind: "none" } });
    expect(connected.status).toBe(201);
    const { id } = (await connected.json()) as { id: string };
    const tested = await (await call("POST", `/repositories/${id}/test`, tokens.admin)).json();
    expect(tested).toMatchObject({ ok: true, branches: ["master"], defaultBranch: "master" });
    expect((await call("POST", "/apps", tokens.dev, { repositoryId: id, name: "Shop", slug: "shop" })).status).toBe(403);

    const res = await call("POST", "/apps", tokens.admin, { repositoryId: id, name: "Shop", slug: "shop" });
    expect(res.status).toBe(201);
    const app = (await res.json()) as { slug: string; builds: { id: string; service: string; stage: string; url: string }[] };
    appSlug = app.slug;
    expect(app.builds).toEqual([expect.objectContaining({ service: "hello", stage: "staging", url: expect.stringContaining("/builds/") })]);
    const [built] = await waitForBuilds(
      h,
      app.builds.map((b) => b.id),
      120_000,
    );
    expect(built.status, built.error ?? "").toBe("SUCCEEDED");
    const live = await fetch(`${h.worker.runtimeUrl}/acme/shop/staging/hello/hello`);
    expect(await live.json()).toMatchObject({ message: "Hello from the shop", stage: "staging" });
  }, 180_000);

  it("adds a service that appeared in a later push, and deploys it", async () => {
    await repo.push(helloService("billing", "Billing here"), "Add billing");
    const bad = await call("POST", `/apps/${appSlug}/services`, tokens.admin, { name: "ghost", folder: "services/ghost" });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(
      /no readable serverless file in "services\/ghost"/,
    );
    const res = await call("POST", `/apps/${appSlug}/services`, tokens.admin, { name: "billing", folder: "services/billing" });
    expect(res.status).toBe(201);
    const added = (await res.json()) as { builds: { id: string }[] };
    expect(added.builds).toHaveLength(1);
    const [built] = await waitForBuilds(
      h,
      added.builds.map((b) => b.id),
      120_000,
    );
    expect(built.status, built.error ?? "").toBe("SUCCEEDED");
    expect(await (await fetch(`${h.worker.runtimeUrl}/acme/shop/staging/billing/hello`)).json()).toMatchObject({ message: "Billing here" });
    const audit = await h.db.auditEvent.findMany({ where: { action: { in: ["app.create", "service.add"] } } });
    expect(audit.map((a) => a.action).sort()).toEqual(["app.create", "service.add"]);
  }, 180_000);

  it("deleting the app needs its slug typed, then takes its deployments down", async () => {
    const { createCaller } = await import("../../trpc/root");
    const user = await h.db.user.findUniqueOrThrow({ where: { email: "admin@example.com" } });
    const admin = createCaller({ ...h.deps, userId: user.id });
    const app = await h.db.app.findFirstOrThrow({ where: { slug: appSlug } });
    await expect(admin.apps.delete({ slug: appSlug, confirm: "shp" })).rejects.toThrow(/Type the app's slug/);
    const res = await admin.apps.delete({ slug: appSlug, confirm: appSlug });
    expect(res).toMatchObject({ deleted: "shop", localStagesDestroyed: 2 });
    expect(await h.db.app.count({ where: { slug: appSlug } })).toBe(0);
    expect(await h.db.repository.count({ where: { id: app.repositoryId } })).toBe(0);
    expect((await fetch(`${h.worker.runtimeUrl}/acme/shop/staging/hello/hello`)).status).toBe(404);
    expect(await stat(mirrorDir(h.env.SLIPWAY_DATA_DIR, app.repositoryId)).catch(() => null)).toBeNull();
  }, 60_000);
});
