import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, waitForBuilds, type Harness } from "../../scripts/test/harness";
import { pollRepository } from "../domain/triggers/poll-repository";
import { queueBuild } from "../domain/builds/queue-build";
import { createCipher } from "../domain/secrets/cipher";
import { startHttpGitServer, startSshGitServer, type HttpGitServer, type SshGitServer } from "../../scripts/test/git-servers";
import { createTeamRepo, helloService } from "../../scripts/test/team-repo";

/**
 * A canary secret — a secret parameter, and the static AWS secret key of the profiles — goes
 * through a whole workflow: a preview, staging, a build whose test prints its environment, a
 * resolution error that would quote it, and a service that tries to publish it as an output. Then
 * it is looked for everywhere. Two repositories are connected too, over real git servers: one
 * with an HTTPS token and one with the deploy key Slipway generated; the token and the private key
 * are canaries as well (the token repository's app is built by the worker). Then everything is searched: every row of every table (build logs, errors, audit), every Redis
 * key (live log streams, invocation logs, jobs), every query an admin can make, and every file in
 * the data folder.
 *
 * Not covered here: rendered page HTML (no `next build` of this tree to start with `next start`;
 * the pages render what these same queries return), and `GET /api/v1/apps/:app/params`, which
 * reveals secret values to admins and developers on purpose (`slipway print`).
 */
const tag = randomBytes(5).toString("hex");
const CANARY = `canary-${tag}-Zq9`;
const CANARY_AWS = `awsCanary${tag}`.padEnd(40, "K"); // an AWS secret key's shape: 40 characters
const CANARY_TOKEN = `ghp_canary${tag}Tok3n`;
const CANARIES = [CANARY, CANARY_AWS, CANARY_TOKEN];
let sshd: SshGitServer;
let httpGit: HttpGitServer;

let h: Harness;
let admin: Awaited<ReturnType<typeof caller>>;
const builds: Record<string, Awaited<ReturnType<typeof waitForBuilds>>> = {};

async function caller(email: string) {
  const { createCaller } = await import("../trpc/root");
  const user = await h.db.user.findUniqueOrThrow({ where: { email } });
  return createCaller({ ...h.deps, userId: user.id });
}

async function pushAndBuild(branch: string) {
  await pollRepository(h.deps, h.appId);
  const queued = await h.db.build.findMany({ where: { branch, status: { in: ["QUEUED", "RUNNING"] } } });
  expect(queued.length, `builds of ${branch}`).toBeGreaterThan(0);
  return waitForBuilds(
    h,
    queued.map((b) => b.id),
    180_000,
  );
}

const byService = (list: (typeof builds)[string], name: string) => list.find((b) => b.service.name === name)!;

beforeAll(async () => {
  h = await startHarness();
  admin = await caller("admin@example.com");
  await pollRepository(h.deps, h.appId); // records the branches without building
  await admin.parameters.upsert({
    owner: { kind: "app", appSlug: "workshop" },
    key: "canary",
    value: CANARY,
    secret: true,
    description: "canary",
  });
  for (const name of ["profile-dev", "profile-staging"]) {
    const profile = await h.db.deploymentProfile.findFirstOrThrow({ where: { name } });
    await admin.profiles.setAccess({
      id: profile.id,
      access: { mode: "keys", accessKeyId: "AKIACANARY0000000001", secretAccessKey: CANARY_AWS },
    });
  }
  const database = await h.db.service.findFirstOrThrow({ where: { appId: h.appId, name: "database" } });
  const dev = await queueBuild(h.db, h.queue, {
    serviceId: database.id,
    stage: "dev",
    trigger: "manual",
    commitSha: await h.repo.head("master"),
  });
  expect((await waitForBuilds(h, [dev.id]))[0].status).toBe("SUCCEEDED");

  // A preview whose handler gets the canary in its environment and prints it on every request,
  // and a service that tries to publish it as an output.
  const branch = "feature/canary";
  await h.repo.commitFile(
    "services/restapi/serverless.yml",
    (s) =>
      s.replace("ENDPOINT_API_KEY: ${param:endpoint_api_key}", "ENDPOINT_API_KEY: ${param:endpoint_api_key}\n    CANARY: ${param:canary}"),
    "Give restapi the canary",
    branch,
  );
  await h.repo.commitFile(
    "services/restapi/handler.js",
    (s) =>
      s.replace(
        "exports.submit = async (event) => {",
        'exports.submit = async (event) => {\n  console.log("canary:", process.env.CANARY);',
      ),
    "Print the canary",
    branch,
  );
  await h.repo.commitFile(
    "services/tasks/serverless.yml",
    (s) => `${s}\noutputs:\n  leaked: \${param:canary}\n  nested:\n    inside: prefix-\${param:canary}\n  plain: fine\n`,
    "Publish the canary",
    branch,
  );
  builds.preview = await pushAndBuild(branch);
  const res = await fetch(`${h.worker.runtimeUrl}/acme/workshop/feature-canary/restapi/submit`);
  expect(res.status).toBe(200);
  await res.text();

  // Merged to master: staging.
  await h.repo.git("push", "--quiet", "origin", `${branch}:master`);
  builds.staging = await pushAndBuild("master");
  await (await fetch(`${h.worker.runtimeUrl}/acme/workshop/staging/restapi/submit`)).text();

  // A failing build that dumps its environment in its tests, and a resolution error that quotes the value.
  const failing = "feature/failing";
  await h.repo.commitFile(
    "services/restapi/package.json",
    (s) => s.replace(/"test": "[^"]*"/, '"test": "env && echo canary=$CANARY && exit 1"'),
    "Dump env",
    failing,
  );
  await h.repo.commitFile(
    "services/database/serverless.yml",
    (s) => `${s}\nprobe:\n  quoted: \${file(/\${param:canary}.yml)}\n`,
    "Quote it",
    failing,
  );
  builds.failing = await pushAndBuild(failing);

  // git's key and askpass files go to a temp folder of this test file's own, to be checked at the end.
  process.env.TMPDIR = await mkdtemp(path.join(os.tmpdir(), "slipway-canary-tmp-"));
  // A repository behind an HTTPS token, connected, detected and built into an app by the worker.
  const reposDir = path.join(h.env.SLIPWAY_DATA_DIR, "team");
  const shop = await createTeamRepo(reposDir, "shop", helloService("hello"));
  httpGit = await startHttpGitServer(reposDir, { username: "x-access-token", token: CANARY_TOKEN });
  const { createCaller } = await import("../trpc/root");
  const user = await h.db.user.findUniqueOrThrow({ where: { email: "admin@example.com" } });
  localAdmin = createCaller({ ...h.deps, env: { ...h.env, SLIPWAY_ALLOW_LOCAL_REPOS: true }, userId: user.id });
  const tokenRepo = await localAdmin.repositories.connect({ url: httpGit.url("shop.git"), auth: { kind: "token", token: CANARY_TOKEN } });
  expect(await localAdmin.repositories.test({ repositoryId: tokenRepo.id })).toMatchObject({ ok: true });
  await localAdmin.repositories.detect({ repositoryId: tokenRepo.id });
  const profile = await h.db.deploymentProfile.findFirstOrThrow({ where: { name: "profile-dev" } });
  const created = await localAdmin.apps.create({
    repositoryId: tokenRepo.id,
    name: "Shop",
    slug: "shop",
    services: [{ name: "hello", folder: "services/hello" }],
    stageProfiles: {},
    defaultProfileId: profile.id,
  });
  builds.shop = await waitForBuilds(
    h,
    created.builds.map((b) => b.id),
    180_000,
  );

  // A repository behind sshd with the generated deploy key: its private half is a canary.
  sshd = await startSshGitServer();
  const keyRepo = await localAdmin.repositories.connect({ url: sshd.urlFor(shop.bareDir), auth: { kind: "ssh" } });
  await sshd.authorize(keyRepo.publicKey!);
  expect(await localAdmin.repositories.test({ repositoryId: keyRepo.id })).toMatchObject({ ok: true });
  await localAdmin.repositories.detect({ repositoryId: keyRepo.id });
  const credential = await h.db.repositoryCredential.findUniqueOrThrow({ where: { repositoryId: keyRepo.id } });
  const privateKey = createCipher(h.env.SLIPWAY_ENCRYPTION_KEY).decrypt(credential.privateKeyCipher!);
  // The key's base64 lines after the first two (a header every ed25519 key shares): the secret material.
  CANARIES.push(
    ...privateKey
      .split("\n")
      .filter((l) => l && !l.startsWith("-----"))
      .slice(2),
  );
  expect(CANARIES.length).toBeGreaterThan(4);
}, 600_000);

let localAdmin: Awaited<ReturnType<typeof caller>>;

afterAll(async () => {
  await sshd?.close();
  await httpGit?.close();
  await h?.close();
  if (process.env.TMPDIR?.includes("slipway-canary-tmp-")) await rm(process.env.TMPDIR, { recursive: true, force: true });
});

function expectNoCanary(text: string, where: string) {
  for (const c of CANARIES) expect(text.includes(c), `canary found in ${where}`).toBe(false);
}

describe("the canary secret", () => {
  it("ran through the workflow: preview and staging deployed, the output refused, the failing builds failed", () => {
    for (const stage of ["preview", "staging"]) {
      expect(byService(builds[stage]!, "restapi").status, stage).toBe("SUCCEEDED");
      expect(byService(builds[stage]!, "database").status, stage).toBe("SUCCEEDED");
      const tasks = byService(builds[stage]!, "tasks");
      expect(tasks.status).toBe("FAILED");
      expect(tasks.error).toMatch(/Outputs "leaked", "nested" would publish the value of a secret parameter/);
      expect(tasks.steps.find((s) => s.name === "deploy")?.status).toBe("SKIPPED");
      expect(byService(builds[stage]!, "restapi").log).toContain("CANARY=***");
    }
    expect(byService(builds.shop!, "hello").status, "the token repository's first deploy").toBe("SUCCEEDED");
    const restapi = byService(builds.failing!, "restapi");
    expect(restapi.status).toBe("FAILED");
    expect(restapi.steps.find((s) => s.name === "test")?.status).toBe("FAILED");
    expect(restapi.log).toMatch(/PATH=/); // `env` did print the environment it was given
    const database = byService(builds.failing!, "database");
    expect(database.status).toBe("FAILED");
    expect(database.error).toMatch(/probe\.quoted/);
    expect(database.error).toContain('"/***.yml" is outside the repository checkout'); // quoted, masked like the log
  });

  it("is in no row of any table: build logs, errors, step details, outputs, deployments, audit", async () => {
    const client = new pg.Client({ connectionString: h.testDb.url });
    await client.connect();
    try {
      const tables = await client.query<{ table_name: string }>(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
      );
      let rows = 0;
      for (const { table_name } of tables.rows) {
        const res = await client.query<{ j: string }>(`SELECT row_to_json(t)::text AS j FROM "${table_name}" t`);
        rows += res.rows.length;
        for (const r of res.rows) expectNoCanary(r.j, `table ${table_name}`);
      }
      expect(rows).toBeGreaterThan(50);
      expect(await h.db.auditEvent.count({ where: { action: { contains: "param" } } })).toBeGreaterThan(0);
    } finally {
      await client.end();
    }
  });

  it("is in no Redis key: live log streams, invocation logs, jobs", async () => {
    const keys = await h.redis.keys(`${h.env.REDIS_PREFIX}:*`);
    expect(keys.some((k) => k.includes(":log:"))).toBe(true);
    expect(keys.some((k) => k.includes(":runtime:log:"))).toBe(true);
    for (const key of keys) {
      const type = await h.redis.type(key);
      const value =
        type === "string"
          ? await h.redis.get(key)
          : type === "list"
            ? (await h.redis.lrange(key, 0, -1)).join("\n")
            : type === "hash"
              ? JSON.stringify(await h.redis.hgetall(key))
              : type === "set"
                ? (await h.redis.smembers(key)).join("\n")
                : type === "zset"
                  ? (await h.redis.zrange(key, "0", "-1")).join("\n")
                  : type === "stream"
                    ? JSON.stringify(await h.redis.xrange(key, "-", "+"))
                    : "";
      expectNoCanary(value ?? "", `redis ${type} ${key}`);
    }
    // The invocation logs did get the line, masked.
    const invocation = (await Promise.all(keys.filter((k) => k.includes(":runtime:log:")).map((k) => h.redis.lrange(k, 0, -1))))
      .flat()
      .join("\n");
    expect(invocation).toContain("canary: ***");
  });

  it("is in no response to an admin's queries, nor in an error one returns", async () => {
    const responses: unknown[] = [];
    const stages = ["dev", "staging", "feature-canary", "feature-failing"];
    const profiles = await admin.profiles.list();
    responses.push(await admin.me.get(), await admin.apps.list(), await admin.apps.get({ slug: "workshop" }), profiles);
    responses.push(await admin.services.list({ appSlug: "workshop" }), await admin.stages.settings({ appSlug: "workshop" }));
    responses.push(
      await admin.audit.list({}),
      await admin.members.list(),
      await admin.releases.overview({ slug: "workshop" }),
      await admin.releases.history({ slug: "workshop" }),
    );
    responses.push(await admin.parameters.list({ owner: { kind: "app", appSlug: "workshop" } }));
    responses.push(await localAdmin.repositories.settings({ appSlug: "shop" }), await localAdmin.apps.get({ slug: "shop" }));
    for (const r of await h.db.repository.findMany({ where: { credential: { isNot: null } } }))
      responses.push(await localAdmin.repositories.test({ repositoryId: r.id }));
    responses.push(
      await localAdmin.repositories
        .connect({ url: `https://x:${CANARY_TOKEN}@example.com/a.git`, auth: { kind: "none" } })
        .catch((e: Error) => e.message),
    );
    for (const p of profiles as { id: string }[]) {
      responses.push(await admin.profiles.get({ id: p.id }), await admin.parameters.list({ owner: { kind: "profile", profileId: p.id } }));
    }
    for (const stage of stages) {
      responses.push(
        await admin.instances.stage({ appSlug: "workshop", stage }),
        await admin.stages.resolve({ appSlug: "workshop", stage }),
      );
    }
    for (const b of await h.db.build.findMany({ select: { id: true } })) responses.push(await admin.builds.get({ id: b.id }));
    const failure = await admin.builds.approve({ id: byService(builds.failing!, "database").id }).catch((e: Error) => e.message);
    responses.push(failure);
    const text = JSON.stringify(responses);
    expect(text.length).toBeGreaterThan(10_000);
    expectNoCanary(text, "an admin's query responses");
    expect(text).toContain("canary: ***"); // the stage page's invocation logs, masked
  });

  it("is in no file of the data folder (mirrors, build folders, deployment artifacts, npm cache)", async () => {
    let files = 0;
    async function walk(dir: string): Promise<void> {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) await walk(full);
        else if (entry.isFile() && (await stat(full)).size < 20 * 1024 * 1024) {
          files++;
          const content = await readFile(full);
          for (const c of CANARIES)
            expect(content.includes(c), `canary found in ${path.relative(h.env.SLIPWAY_DATA_DIR, full)}`).toBe(false);
        }
      }
    }
    await walk(h.env.SLIPWAY_DATA_DIR);
    expect(files).toBeGreaterThan(100);
    // The 0600 key files git used are gone.
    expect((await readdir(process.env.TMPDIR!)).filter((f) => f.startsWith("slipway-git-auth-"))).toEqual([]);
  });
});
