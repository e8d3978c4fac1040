import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, waitForBuilds, type Harness } from "../scripts/test/harness";
import { startApiServer } from "../scripts/test/api-v1-server";
import { queueBuild } from "../server/domain/builds/queue-build";
import { createToken } from "../server/domain/tokens/create-token";
import { revokeToken } from "../server/domain/tokens/revoke-token";

const bin = path.resolve(__dirname, "../scripts/slipway.mjs");
let h: Harness;
let api: Awaited<ReturnType<typeof startApiServer>>;
let tmp: string;
let serviceDir: string;
const tokens: Record<string, string> = {};
const savedEnv = { ...process.env };

/** Runs the real bin as a child process from `cwd`, as a developer would. */
async function slipway(args: string[], opts: { cwd?: string; config: string; env?: Record<string, string> }) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, ...args], {
      cwd: opts.cwd ?? serviceDir,
      env: { ...savedEnv, SLIPWAY_CONFIG: opts.config, ...opts.env },
      timeout: 180_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const get = (p: string, token: string) => fetch(`${api.url}/api/v1${p}`, { headers: { authorization: `Bearer ${token}` } });

beforeAll(async () => {
  h = await startHarness();
  api = await startApiServer();
  // The route modules read their configuration through getEnv(), like in `next start`.
  Object.assign(process.env, {
    DATABASE_URL: h.env.DATABASE_URL,
    REDIS_PREFIX: h.env.REDIS_PREFIX,
    SLIPWAY_DATA_DIR: h.env.SLIPWAY_DATA_DIR,
    RUNTIME_PUBLIC_URL: h.worker.runtimeUrl!,
    NEXTAUTH_URL: api.url,
  });
  tmp = await mkdtemp(path.join(os.tmpdir(), "slipway-cli-e2e-"));

  // The shared database's dev stage, whose output the restapi service reads.
  const database = await h.db.service.findFirstOrThrow({ where: { appId: h.appId, name: "database" } });
  const dev = await queueBuild(h.db, h.queue, {
    serviceId: database.id,
    stage: "dev",
    trigger: "manual",
    commitSha: await h.repo.head("master"),
  });
  const [built] = await waitForBuilds(h, [dev.id]);
  expect(built.status).toBe("SUCCEEDED");

  const member = async (email: string) => {
    const user = await h.db.user.findUniqueOrThrow({ where: { email } });
    const m = await h.db.membership.findFirstOrThrow({ where: { userId: user.id } });
    return { orgId: m.orgId, userId: user.id };
  };
  const dev1 = await member("dev@example.com");
  tokens.dev = (await createToken(h.db, dev1, "laptop")).token;
  tokens.reviewer = (await createToken(h.db, await member("reviewer@example.com"), "reviewer laptop")).token;
  const revoked = await createToken(h.db, dev1, "old laptop");
  await revokeToken(h.db, dev1, revoked.id);
  tokens.revoked = revoked.token;
  // A developer of another org: a valid token that must not reach Acme's apps.
  const other = await h.db.org.create({ data: { slug: "globex", name: "Globex" } });
  const stranger = await h.db.user.create({ data: { email: "eve@globex.test", name: "Eve", passwordHash: "x" } });
  await h.db.membership.create({ data: { orgId: other.id, userId: stranger.id, role: "DEVELOPER" } });
  tokens.otherOrg = (await createToken(h.db, { orgId: other.id, userId: stranger.id }, "eve")).token;

  // A developer's clone with an uncommitted change.
  const clone = path.join(tmp, "workshop");
  await execa("git", ["clone", "--quiet", h.repo.bareDir, clone]);
  serviceDir = path.join(clone, "services", "restapi");
  const handler = path.join(serviceDir, "handler.js");
  await writeFile(handler, (await readFile(handler, "utf8")).replace("Hello from restapi", "Hello from restapi on alice's laptop"));
  await writeFile(path.join(clone, ".gitignore"), "*.local\n");
  await writeFile(path.join(serviceDir, "notes.local"), "never uploaded");
}, 180_000);

afterAll(async () => {
  await api?.close();
  const g = globalThis as unknown as {
    slipwayDb?: { $disconnect(): Promise<void> };
    slipwayRedis?: { disconnect(): void };
    slipwayQueue?: { close(): Promise<void> };
  };
  await g.slipwayQueue?.close();
  g.slipwayRedis?.disconnect();
  await g.slipwayDb?.$disconnect();
  await h?.close();
  process.env = savedEnv;
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe("slipway login", () => {
  it("checks the token and stores url and token in a 0600 file", async () => {
    const config = path.join(tmp, "dev", "config.json");
    const res = await slipway(["login", "--url", api.url, "--token", tokens.dev!], { config });
    expect(res.stderr).toBe("");
    expect(res.stdout).toContain("as Ada Developer <dev@example.com>, developer in Acme");
    expect(res.code).toBe(0);
    expect(JSON.parse(await readFile(config, "utf8"))).toEqual({ url: api.url, token: tokens.dev });
    expect((await stat(config)).mode & 0o777).toBe(0o600);
  });

  it("refuses a revoked token and stores nothing", async () => {
    const config = path.join(tmp, "revoked", "config.json");
    const res = await slipway(["login", "--url", api.url, "--token", tokens.revoked!], { config });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("unknown or revoked");
    await expect(stat(config)).rejects.toThrow();
  });
});

describe("slipway deploy → link → slipway remove", () => {
  let link = "";
  const config = () => path.join(tmp, "dev", "config.json");

  it("deploys the working copy, uncommitted change included, to the developer's stage", async () => {
    const res = await slipway(["deploy", "--stage", "alice", "--param", "greeting=hi"], { config: config() });
    if (res.code !== 0) console.log(res.stdout.slice(-3000), res.stderr.slice(-2000));
    expect(res.code).toBe(0);
    expect(res.stdout).toContain("▸ checkout");
    expect(res.stdout).toContain("Unpacked the uploaded working copy");
    expect(res.stdout).toContain('Stage "alice" uses deployment profile profile-dev.');
    expect(res.stdout).toContain("tests 3");
    expect(res.stdout).not.toContain("dev-key-7f3a9c");
    link = /Link: (\S+)/.exec(res.stdout)?.[1] ?? "";
    expect(link).toBe(`http://alice--restapi--workshop--acme.localhost:${new URL(h.worker.runtimeUrl!).port}`);
    expect(res.stdout).toContain(`Build: ${api.url}/builds/`);

    const body = await (await fetch(`${link}/submit`)).json();
    expect(body).toMatchObject({
      message: "Hello from restapi on alice's laptop",
      env: "dev",
      table: "workshop-submissions-dev",
      hasApiKey: true,
    });

    const build = await h.db.build.findFirstOrThrow({ where: { trigger: "cli" }, include: { instance: true } });
    expect(build).toMatchObject({ status: "SUCCEEDED", kind: "DEPLOY", cliParams: { greeting: "hi" } });
    expect(build.commitMessage).toMatch(/slipway deploy from a working copy \(HEAD [0-9a-f]+, \d+ uncommitted changes?\)/);
    const audit = await h.db.auditEvent.findFirst({ where: { action: "build.cli-deploy" } });
    expect(audit?.target).toBe("workshop/restapi@alice");
  });

  it("lists the outputs of a stage", async () => {
    const res = await slipway(["outputs", "database", "--stage", "dev"], { config: config() });
    expect(res.code).toBe(0);
    expect(res.stdout).toContain("database @ dev (us-east-1)");
    expect(res.stdout).toContain("database_submissions_name: workshop-submissions-dev");
  });

  it("prints the config with the server's parameters: secrets for a developer, a placeholder for a reviewer", async () => {
    const dev = await slipway(["print", "--stage", "alice"], { config: config() });
    expect(dev.stderr).toBe("");
    expect(JSON.parse(dev.stdout).provider.environment).toMatchObject({
      APP_ENV: "dev",
      ENDPOINT_API_KEY: "dev-key-7f3a9c",
      SUBMISSIONS_TABLE: "workshop-submissions-dev",
    });

    const reviewerConfig = path.join(tmp, "reviewer", "config.json");
    expect((await slipway(["login", "--url", api.url, "--token", tokens.reviewer!], { config: reviewerConfig })).code).toBe(0);
    const rev = await slipway(["print", "--stage", "alice"], { config: reviewerConfig });
    expect(JSON.parse(rev.stdout).provider.environment.ENDPOINT_API_KEY).toBe("********");

    const offline = await slipway(["print", "--stage", "alice", "--offline"], { config: config() });
    expect(offline.code).toBe(1);
    expect(offline.stderr).toContain("param");
  });

  it("removes the stage: the link is gone", async () => {
    const res = await slipway(["remove", "--stage", "alice"], { config: config() });
    expect({ code: res.code, stderr: res.stderr.slice(-1000) }).toMatchObject({ code: 0 });
    expect(res.stdout).toContain("Removed restapi from stage alice.");
    expect((await fetch(`${link}/submit`)).status).toBe(404);
    const again = await slipway(["remove", "--stage", "alice"], { config: config() });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('restapi is not deployed to stage "alice"');
  });
});

describe("who may do what", () => {
  it("refuses a reviewer's deploy with 403, from the CLI and over HTTP", async () => {
    const res = await slipway(["deploy", "--stage", "rey"], { config: path.join(tmp, "reviewer", "config.json") });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("Your role (reviewer) cannot do this (builds.trigger).");
    const http = await fetch(`${api.url}/api/v1/apps/workshop/services/restapi/deploy?stage=rey`, {
      method: "POST",
      headers: { authorization: `Bearer ${tokens.reviewer}`, "content-type": "application/gzip" },
      body: new Uint8Array([0x1f, 0x8b, 0, 0]),
    });
    expect(http.status).toBe(403);
    expect((await http.json()).error.code).toBe("FORBIDDEN");
    expect(await h.db.build.count({ where: { instance: { stage: "rey" } } })).toBe(0);
  });

  it("follows the user's current role and membership, not the one at token creation", async () => {
    const dev = await h.db.user.findUniqueOrThrow({ where: { email: "dev@example.com" } });
    const deploy = () =>
      fetch(`${api.url}/api/v1/apps/workshop/services/restapi/deploy?stage=bob`, {
        method: "POST",
        headers: { authorization: `Bearer ${tokens.dev}`, "content-type": "application/gzip" },
        body: new Uint8Array([0x1f, 0x8b, 8, 0]),
      });
    await h.db.membership.updateMany({ where: { userId: dev.id }, data: { role: "REVIEWER" } });
    expect((await deploy()).status).toBe(403);
    const membership = await h.db.membership.findFirstOrThrow({ where: { userId: dev.id } });
    await h.db.membership.delete({ where: { id: membership.id } });
    expect((await get("/me", tokens.dev!)).status).toBe(401);
    await h.db.membership.create({ data: { orgId: membership.orgId, userId: dev.id, role: "DEVELOPER" } });
    expect((await get("/me", tokens.dev!)).status).toBe(200);
    expect(await h.db.build.count({ where: { instance: { stage: "bob" } } })).toBe(0);
  });

  it("refuses revoked, malformed and missing tokens with 401", async () => {
    for (const auth of [`Bearer ${tokens.revoked}`, "Bearer slw_nope", "Basic YTpi", ""]) {
      const res = await fetch(`${api.url}/api/v1/me`, { headers: auth ? { authorization: auth } : {} });
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toContain("Bearer");
      expect((await res.json()).error.code).toBe("UNAUTHENTICATED");
    }
  });

  it("keeps another org's token out of Acme's apps and builds (404, nothing queued)", async () => {
    const me = await (await get("/me", tokens.otherOrg!)).json();
    expect(me.org.slug).toBe("globex");
    expect(await (await get("/apps", tokens.otherOrg!)).json()).toEqual([]);
    const acmeBuild = await h.db.build.findFirstOrThrow();
    expect((await get(`/builds/${acmeBuild.id}`, tokens.otherOrg!)).status).toBe(404);
    expect((await get(`/builds/${acmeBuild.id}/log`, tokens.otherOrg!)).status).toBe(404);
    expect((await get("/apps/workshop/outputs", tokens.otherOrg!)).status).toBe(404);
    expect((await get("/apps/workshop/params?stage=dev", tokens.otherOrg!)).status).toBe(404);
    const before = await h.db.build.count();
    const res = await fetch(`${api.url}/api/v1/apps/workshop/services/restapi/deploy?stage=eve`, {
      method: "POST",
      headers: { authorization: `Bearer ${tokens.otherOrg}`, "content-type": "application/gzip" },
      body: new Uint8Array([0x1f, 0x8b, 8, 0]),
    });
    expect(res.status).toBe(404);
    expect(await h.db.build.count()).toBe(before);
  });

  it("refuses a working copy on a stage that follows a branch (git is its source)", async () => {
    const res = await slipway(["deploy", "--stage", "staging"], { config: path.join(tmp, "dev", "config.json") });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('Stage "staging" follows the branch master');
  });

  it("answers JSON 400 for bad input and 404 for unknown endpoints", async () => {
    const noStage = await fetch(`${api.url}/api/v1/apps/workshop/services/restapi/deploy`, {
      method: "POST",
      headers: { authorization: `Bearer ${tokens.dev}` },
      body: new Uint8Array([0x1f, 0x8b]),
    });
    expect(noStage.status).toBe(400);
    expect((await noStage.json()).error).toMatchObject({ code: "BAD_INPUT", field: "stage" });
    const notGzip = await fetch(`${api.url}/api/v1/apps/workshop/services/restapi/deploy?stage=bob`, {
      method: "POST",
      headers: { authorization: `Bearer ${tokens.dev}` },
      body: "hello",
    });
    expect(notGzip.status).toBe(400);
    expect((await notGzip.json()).error.message).toContain("not a gzip");
    const odd = await fetch(`${api.url}/api/v1/apps/workshop/services/restapi/deploy?stage=${encodeURIComponent("a;rm -rf")}`, {
      method: "POST",
      headers: { authorization: `Bearer ${tokens.dev}` },
      body: new Uint8Array([0x1f, 0x8b]),
    });
    expect(odd.status).toBe(400);
    expect((await get("/nothing/here", tokens.dev!)).status).toBe(404);
  });
});
