import { mkdir, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { execa } from "execa";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEnv, type Env } from "../../env";
import { createRedis } from "../../redis";
import { closeDeps, createDeps, type AppDeps } from "../../composition";
import { createTestDb, testRedisPrefix, type TestDb } from "../../../scripts/test/test-db";
import { startHttpGitServer, startSshGitServer, type HttpGitServer, type SshGitServer } from "../../../scripts/test/git-servers";
import { createTeamRepo, helloService, type TeamRepo } from "../../../scripts/test/team-repo";
import { createCipher } from "../secrets/cipher";
import { pollRepository } from "../triggers/poll-repository";
import { mirrorDir } from "../git/mirror-dir";
import { cloneForRelease } from "../releases/release-clone";
import { repositoryRemote } from "./repository-remote";
import { startJobsWorker } from "../../../scripts/test/job-worker";

/**
 * An admin connects a team's repository over real git servers the test starts: Debian's sshd
 * (deploy key, host key on first use) and git's smart HTTP behind basic auth (token). Every way it
 * can go wrong is a clear error that creates nothing and leaves nothing on disk.
 */
const TOKEN = "ghp_onboardTokenZ9x8c7v6b5n4m3";
let testDb: TestDb;
let env: Env;
let redis: Redis;
let deps: AppDeps;
let root: string;
let sshd: SshGitServer;
let httpGit: HttpGitServer;
let repo: TeamRepo;
/** The worker the web's git is asked of (test connection, detect, create app): one per set of deps. */
const workers: { close(): Promise<void> }[] = [];
const extraDeps: AppDeps[] = [];
let orgId: string;
let admin: Awaited<ReturnType<typeof callerFor>>;
let developer: Awaited<ReturnType<typeof callerFor>>;

async function callerFor(email: string, role: "ADMIN" | "DEVELOPER") {
  const { createCaller } = await import("../../trpc/root");
  const user = await testDb.db.user.create({ data: { email, name: email, passwordHash: "x" } });
  await testDb.db.membership.create({ data: { orgId, userId: user.id, role } });
  return createCaller({ ...deps, userId: user.id });
}

const authTempDirs = async () => (await readdir(os.tmpdir())).filter((f) => f.startsWith("slipway-git-auth-"));
const savedTmp = process.env.TMPDIR;
const mirrors = async () => readdir(path.join(env.SLIPWAY_DATA_DIR, "mirrors")).catch(() => [] as string[]);

beforeAll(async () => {
  testDb = await createTestDb();
  root = await mkdtemp(path.join(os.tmpdir(), "slipway-onboard-"));
  // git's key and askpass files go to a temp folder of this file's own, so "none left" can be checked.
  process.env.TMPDIR = await mkdtemp(path.join(root, "tmp-"));
  env = parseEnv({
    NODE_ENV: "test",
    DATABASE_URL: testDb.url,
    REDIS_PREFIX: testRedisPrefix(),
    SLIPWAY_DATA_DIR: path.join(root, "data"),
    SLIPWAY_ALLOW_LOCAL_REPOS: "off",
  });
  redis = createRedis(env.REDIS_URL);
  deps = createDeps(env, { db: testDb.db, redis });
  workers.push(await startJobsWorker(deps));
  orgId = (await testDb.db.org.create({ data: { slug: "team", name: "Team" } })).id;
  admin = await callerFor("admin@team.example", "ADMIN");
  developer = await callerFor("dev@team.example", "DEVELOPER");
  repo = await createTeamRepo(path.join(root, "repos"), "shop", {
    ...helloService("api"),
    ...helloService("billing"),
    "services/broken/serverless.yml": "service: broken\nfunctions:\n  a: [unclosed\n",
    "services/edge/serverless.ts": "export default { service: 'edge' };\n",
    "services/api/node_modules/dep/serverless.yml": "service: not-a-service\n",
  });
  await repo.push({}, "prod", "prod");
  await repo.git("checkout", "--quiet", "master");
  sshd = await startSshGitServer();
  httpGit = await startHttpGitServer(path.join(root, "repos"), { username: "x-access-token", token: TOKEN });
}, 60_000);

afterAll(async () => {
  await sshd?.close();
  await httpGit?.close();
  for (const w of workers) await w.close();
  for (const d of extraDeps) await closeDeps(d);
  if (deps) await closeDeps(deps);
  const keys = await redis.keys(`${env.REDIS_PREFIX}*`);
  if (keys.length) await redis.del(...keys);
  redis?.disconnect();
  await testDb?.drop();
  process.env.TMPDIR = savedTmp;
  await rm(root, { recursive: true, force: true });
});

describe("connecting a repository with a deploy key Slipway generates", () => {
  let repositoryId: string;
  let publicKey: string;

  it("shows an ed25519 public key, and the test says the server refused it until it is authorized", async () => {
    const connected = await admin.repositories.connect({ url: sshd.urlFor(repo.bareDir), auth: { kind: "ssh" } });
    repositoryId = connected.id;
    publicKey = connected.publicKey!;
    expect(publicKey).toMatch(/^ssh-ed25519 AAAA[0-9A-Za-z+/=]+ slipway-deploy-key@127\.0\.0\.1$/);
    expect(JSON.stringify(connected)).not.toMatch(/PRIVATE KEY/);
    const refused = await admin.repositories.test({ repositoryId });
    expect(refused).toMatchObject({ ok: false, reason: "auth" });
    expect(refused.ok === false && refused.message).toMatch(/refused the deploy key/);
  });

  it("stores the host key on first use and shows its SHA256 fingerprint; then lists the branches", async () => {
    await sshd.authorize(publicKey);
    const before = await authTempDirs();
    const ok = await admin.repositories.test({ repositoryId });
    expect(ok).toMatchObject({ ok: true, branches: ["master", "prod"], defaultBranch: "master" });
    // The server's own key, as ssh-keygen prints it on the server.
    expect(ok.hostKeyFingerprint).toBe(`ED25519 ${sshd.fingerprint()}`);
    expect(before).toEqual([]);
    expect(await authTempDirs()).toEqual([]); // the 0600 key file is gone after each call
  });

  it("detects the services of the default branch: folders, names, functions, a broken file with its error, a .ts config not resolvable, node_modules skipped", async () => {
    const found = await admin.repositories.detect({ repositoryId });
    expect(found.branch).toBe("master");
    const byFolder = Object.fromEntries(found.services.map((s) => [s.folder, s]));
    expect(Object.keys(byFolder).sort()).toEqual(["services/api", "services/billing", "services/broken", "services/edge"]);
    expect(byFolder["services/api"]).toMatchObject({ name: "api", functions: ["hello"], error: null, resolvable: true });
    expect(byFolder["services/broken"].error).toMatch(/^services\/broken\/serverless\.yml:\d+:\d+: /);
    expect(byFolder["services/edge"]).toMatchObject({ resolvable: false });
    expect(found.note).toBeNull();
  });

  it("creates the app with the picked services and stage mappings, and starts the first deploys of the default branch", async () => {
    const stages = await admin.repositories.createGuideProfiles();
    expect(stages.missing).toEqual([]);
    const created = await admin.apps.create({
      repositoryId,
      name: "Shop",
      slug: "shop",
      services: [{ name: "api", folder: "services/api", sharedPaths: ["shared"] }],
      stageProfiles: { dev: stages.mapping.dev!, staging: stages.mapping.staging!, prod: stages.mapping.prod! },
      defaultProfileId: stages.defaultProfileId!,
    });
    expect(created.builds).toEqual([expect.objectContaining({ service: "api", stage: "staging" })]);
    const service = await testDb.db.service.findFirstOrThrow({ where: { name: "api" } });
    expect(service).toMatchObject({
      path: "services/api",
      triggerPaths: ["shared/**"],
      previewEnabled: true,
      previewDestroy: true,
      previewTargetBranch: "master",
    });
    expect(service.branchDeployments).toEqual([
      { branch: "master", stage: "staging" },
      { branch: "prod", stage: "prod" },
    ]);
    const audit = await testDb.db.auditEvent.findMany({
      where: { action: { in: ["app.create", "repository.connect", "repository.host-key"] } },
    });
    expect(audit.map((a) => a.action).sort()).toEqual(["app.create", "repository.connect", "repository.host-key"]);
  });

  it("polls and pushes (promote/rollback) with the deploy key", async () => {
    await repo.push({ "services/api/handler.js": "exports.hello = async () => ({ statusCode: 200, body: 'v2' });\n" }, "api v2");
    const app = await testDb.db.app.findFirstOrThrow({ where: { slug: "shop" }, include: { repository: true } });
    const polled = await pollRepository(deps, app.id);
    expect(polled).toMatchObject({ pushed: ["master"], error: null });
    const remote = await repositoryRemote(testDb.db, createCipher(env.SLIPWAY_ENCRYPTION_KEY), app.repository);
    const clone = await cloneForRelease(mirrorDir(env.SLIPWAY_DATA_DIR, app.repositoryId), remote, "prod", {
      name: "PO",
      email: "po@team.example",
    });
    try {
      await clone.git(["commit", "--allow-empty", "-q", "-m", "Release"]);
      await clone.push("prod");
      expect((await execa("git", ["--git-dir", repo.bareDir, "log", "-1", "--format=%s", "prod"])).stdout).toBe("Release");
    } finally {
      await clone.dispose();
    }
  });

  it("fails clearly when the server's host key changes, and works again after an admin resets it", async () => {
    await sshd.changeHostKey();
    const changed = await admin.repositories.test({ repositoryId });
    expect(changed).toMatchObject({ ok: false, reason: "host-key-changed" });
    expect(changed.ok === false && changed.message).toMatch(/host key has changed/);
    const app = await testDb.db.app.findFirstOrThrow({ where: { slug: "shop" } });
    const polled = await pollRepository(deps, app.id);
    expect(polled.error).toMatch(/host key has changed/);
    await expect(developer.repositories.update({ appSlug: "shop", change: { kind: "reset-host-key" } })).rejects.toThrow(
      /repositories.write/,
    );
    await admin.repositories.update({ appSlug: "shop", change: { kind: "reset-host-key" } });
    const again = await admin.repositories.test({ repositoryId });
    expect(again).toMatchObject({ ok: true, hostKeyFirstSeen: true, hostKeyFingerprint: `ED25519 ${sshd.fingerprint()}` });
  });
});

describe("what a connection refuses: each a clear error, nothing created, nothing left on disk", () => {
  it("a key that was never authorized: test says auth refused, and creating the app fails and creates nothing", async () => {
    const other = await createTeamRepo(path.join(root, "repos"), "other", helloService("api"));
    const connected = await admin.repositories.connect({ url: sshd.urlFor(other.bareDir), auth: { kind: "ssh" } });
    expect(await admin.repositories.test({ repositoryId: connected.id })).toMatchObject({ ok: false, reason: "auth" });
    const profiles = await admin.repositories.stageProfiles();
    await expect(
      admin.apps.create({
        repositoryId: connected.id,
        name: "Other",
        slug: "other",
        services: [{ name: "api", folder: "services/api" }],
        stageProfiles: {},
        defaultProfileId: profiles.defaultProfileId!,
      }),
    ).rejects.toThrow(/refused the deploy key/);
    expect(await testDb.db.app.count({ where: { slug: "other" } })).toBe(0);
    expect(await mirrors()).not.toContain(`${connected.id}.git`);
  });

  it("a repository that does not exist on the server", async () => {
    const connected = await admin.repositories.connect({
      url: sshd.urlFor(path.join(root, "repos", "missing.git")),
      auth: { kind: "ssh" },
    });
    const row = await testDb.db.repositoryCredential.findUniqueOrThrow({ where: { repositoryId: connected.id } });
    await sshd.authorize(row.publicKey!);
    const res = await admin.repositories.test({ repositoryId: connected.id });
    expect(res).toMatchObject({ ok: false, reason: "not-found" });
  });

  it("a host that does not resolve, or where nothing answers", async () => {
    const unknown = await admin.repositories.connect({ url: "git@no-such-host.invalid:team/shop.git", auth: { kind: "ssh" } });
    expect(await admin.repositories.test({ repositoryId: unknown.id })).toMatchObject({ ok: false, reason: "host-unknown" });
  });

  it("URLs git would run or read as options, credentials in a URL, and local repositories when the server does not allow them", async () => {
    const before = await testDb.db.repository.count();
    const cases: [string, RegExp][] = [
      ["ext::sh -c touch% /tmp/pwned", /no spaces|Transport helpers/],
      ["ext::sh%20-c%20id", /Transport helpers/],
      ["--upload-pack=touch /tmp/pwned", /no spaces/],
      ["--upload-pack=id", /cannot start with "-"/],
      ["ssh://git@github.com/team/--upload-pack=id", /start with "-"|git options/],
      ["-oProxyCommand=id", /cannot start with "-"/],
      ["ssh://-oProxyCommand=id/x", /host name|start with "-"/],
      ["git@-oProxyCommand=id:x.git", /start with "-"|not a repository URL/],
      ["https://github.com/team/shop.git --upload-pack=id", /no spaces/],
      [`https://x-access-token:${TOKEN}@github.com/team/shop.git`, /Never put credentials in the URL/],
      ["https://user@github.com/team/shop.git", /Never put credentials in the URL/],
      [`file://${repo.bareDir}`, /turned off on this server/],
      [repo.bareDir, /turned off on this server/],
      [httpGit.url("shop.git"), /unencrypted/],
      ["ftp://example.com/x.git", /not supported/],
    ];
    for (const [url, message] of cases) {
      await expect(admin.repositories.connect({ url, auth: { kind: "none" } }), url).rejects.toThrow(message);
    }
    expect(await testDb.db.repository.count()).toBe(before);
    await expect(developer.repositories.connect({ url: "https://github.com/team/shop.git", auth: { kind: "none" } })).rejects.toThrow(
      /apps.create/,
    );
  });
});

describe("a connection nobody finished", () => {
  it("is removed, with its mirror, a day later when the org connects another", async () => {
    const draft = await admin.repositories.connect({
      url: "https://git.example.com/team/abandoned.git",
      auth: { kind: "token", token: "ghp_abandoned" },
    });
    await mkdir(path.join(mirrorDir(env.SLIPWAY_DATA_DIR, draft.id), "objects"), { recursive: true });
    await testDb.db.repositoryCredential.update({
      where: { repositoryId: draft.id },
      data: { createdAt: new Date(Date.now() - 25 * 3_600_000) },
    });
    await admin.repositories.connect({ url: "https://git.example.com/team/fresh.git", auth: { kind: "none" } });
    expect(await testDb.db.repository.count({ where: { id: draft.id } })).toBe(0);
    expect(await mirrors()).not.toContain(`${draft.id}.git`);
    expect(await testDb.db.app.count({ where: { slug: "shop" } })).toBe(1); // connected repositories stay
  });
});

describe("connecting a repository over HTTPS with a token", () => {
  let localAdmin: Awaited<ReturnType<typeof callerFor>>;
  beforeAll(async () => {
    // Plain http:// to the test's git server needs the local/insecure setting, as in the demo.
    const { createCaller } = await import("../../trpc/root");
    const user = await testDb.db.user.findUniqueOrThrow({ where: { email: "admin@team.example" } });
    // The web and the worker it asks share this setting (one install's env): its own deps and worker.
    const localEnv = { ...env, SLIPWAY_ALLOW_LOCAL_REPOS: true, REDIS_PREFIX: `${env.REDIS_PREFIX}-local` };
    const localDeps = createDeps(localEnv, { db: testDb.db, redis });
    extraDeps.push(localDeps);
    workers.push(await startJobsWorker(localDeps));
    localAdmin = createCaller({ ...localDeps, userId: user.id });
  });

  it("lists the branches with the right token, which never appears in the URL, the mirror's config, the response or the data folder", async () => {
    const connected = await localAdmin.repositories.connect({ url: httpGit.url("shop.git"), auth: { kind: "token", token: TOKEN } });
    expect(JSON.stringify(connected)).not.toContain(TOKEN);
    expect(connected).toMatchObject({ auth: "token", username: "x-access-token", hasToken: true });
    const ok = await localAdmin.repositories.test({ repositoryId: connected.id });
    expect(ok).toMatchObject({ ok: true, branches: ["master", "prod"] });
    const found = await localAdmin.repositories.detect({ repositoryId: connected.id });
    expect(found.services.length).toBe(4);
    const config = await readFile(path.join(mirrorDir(env.SLIPWAY_DATA_DIR, connected.id), "config"), "utf8");
    expect(config).toContain(httpGit.url("shop.git"));
    expect(config).not.toContain(TOKEN);
    const row = await testDb.db.repositoryCredential.findUniqueOrThrow({ where: { repositoryId: connected.id } });
    expect(row.tokenCipher).not.toContain(TOKEN);
    const { stdout } = await execa("grep", ["-rl", TOKEN, env.SLIPWAY_DATA_DIR], { reject: false });
    expect(stdout).toBe("");
  });

  it("a wrong token: auth refused, in words", async () => {
    const connected = await localAdmin.repositories.connect({ url: httpGit.url("shop.git"), auth: { kind: "token", token: "ghp_wrong" } });
    const res = await localAdmin.repositories.test({ repositoryId: connected.id });
    expect(res).toMatchObject({ ok: false, reason: "auth" });
    expect(res.ok === false && res.message).toMatch(/refused the token/);
  });
});
