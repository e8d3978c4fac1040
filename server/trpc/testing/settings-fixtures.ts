import type { Role } from "@prisma/client";
import type { Redis } from "ioredis";
import { parseEnv, type Env } from "../../env";
import { createRedis } from "../../redis";
import type { BuildQueue } from "../../queue";
import { closeDeps, createDeps, type AppDeps } from "../../composition";
import { hashPassword } from "../../domain/auth/verify-login";
import { seedDemo } from "../../../scripts/demo/seed";
import { createTestDb, testRedisPrefix, type TestDb } from "../../../scripts/test/test-db";
import { createCaller } from "../root";
import { startJobsWorker } from "../../../scripts/test/job-worker";
import type { Context } from "../init";

/**
 * Org "acme" (the demo seed: one user per role) plus things procedures can act on, and org "other"
 * with an admin of its own, for tests that call every procedure with a known input.
 */
export interface Fixtures {
  testDb: TestDb;
  db: TestDb["db"];
  env: Env;
  redis: Redis;
  queue: BuildQueue;
  /** The fixtures' composition root: every caller's context is these dependencies. */
  deps: AppDeps;
  orgId: string;
  otherOrgId: string;
  users: Record<Role | "OTHER_ORG_ADMIN", string>;
  ids: {
    devProfileId: string;
    victimProfileId: string;
    victimParamId: string;
    victimUserId: string;
    serviceId: string;
    buildId: string;
    victimTokenId: string;
    deploymentId: string;
  };
  caller(userId: string): ReturnType<typeof createCaller>;
  /** A known input for each procedure path; procedures added later without one are called with undefined. */
  inputs: Record<string, () => unknown>;
  close(): Promise<void>;
}

/** `overrides` replace parts of the composition root (e.g. a cipher that records what it sealed). */
export async function createFixtures(overrides: Partial<Omit<AppDeps, "env">> = {}): Promise<Fixtures> {
  const testDb = await createTestDb();
  const db = testDb.db;
  const env = parseEnv({
    NODE_ENV: "test",
    DATABASE_URL: testDb.url,
    REDIS_PREFIX: testRedisPrefix(),
    SLIPWAY_DATA_DIR: "/tmp/slipway-settings-test",
  });
  const redis = createRedis(env.REDIS_URL);
  const deps = createDeps(env, { db, redis, ...overrides });
  const { queue, cipher } = deps;
  // What the web asks of a worker (test connection, deploy branch, re-run…) runs as in production: in a worker's job.
  const jobsWorker = await startJobsWorker(deps);
  const { orgId, appId } = await seedDemo(db, cipher, "/nonexistent/workshop.git");
  const members = await db.membership.findMany({ where: { orgId } });
  const byRole = Object.fromEntries(members.map((m) => [m.role, m.userId])) as Record<Role, string>;

  const passwordHash = await hashPassword("other-org-password");
  const other = await db.org.create({ data: { slug: "other", name: "Other Org" } });
  const otherAdmin = await db.user.create({
    data: { email: "admin@other.example", name: "Olga Other", passwordHash, memberships: { create: { orgId: other.id, role: "ADMIN" } } },
  });
  const victim = await db.user.create({
    data: { email: "victim@example.com", name: "Vic Tim", passwordHash, memberships: { create: { orgId, role: "DEVELOPER" } } },
  });

  const victimInvite = await db.accountLink.create({
    data: {
      orgId,
      kind: "INVITE",
      email: "invitee@example.com",
      role: "DEVELOPER",
      tokenHash: "0".repeat(64),
      createdById: byRole.ADMIN,
      expiresAt: new Date(Date.now() + 3600_000),
    },
  });

  const dev = await db.deploymentProfile.findFirstOrThrow({ where: { orgId, name: "profile-dev" } });
  const victimProfile = await db.deploymentProfile.create({ data: { orgId, name: "victim-profile", region: "eu-west-1" } });
  const victimParam = await db.parameter.create({ data: { orgId, scope: "PROFILE", profileId: dev.id, key: "victim_param", value: "x" } });
  const service = await db.service.findFirstOrThrow({ where: { appId: appId!, name: "restapi" } });
  const instance = await db.serviceInstance.create({ data: { appId: appId!, serviceId: service.id, stage: "dev", region: "us-east-1" } });
  const build = await db.build.create({
    data: {
      serviceId: service.id,
      instanceId: instance.id,
      trigger: "push",
      branch: "master",
      commitSha: "0".repeat(40),
      status: "SUCCEEDED",
      log: "done\n",
    },
  });
  // Prod requires approval (any approving role, the author too) and is frozen now: builds waiting for each.
  const hour = 3_600_000;
  const utc = (ms: number) => new Date(Date.now() + ms).toISOString().slice(0, 16);
  await db.stageProtection.create({
    data: {
      appId: appId!,
      stage: "prod",
      requireApproval: true,
      approverRoles: ["ADMIN", "DEVELOPER", "PRODUCT_OWNER"],
      allowSelfApproval: true,
      freezes: [{ kind: "once", start: utc(-hour), end: utc(24 * hour) }],
    },
  });
  const prod = await db.serviceInstance.create({ data: { appId: appId!, serviceId: service.id, stage: "prod", region: "us-east-1" } });
  const waiting = (message: string) =>
    db.build.create({
      data: {
        serviceId: service.id,
        instanceId: prod.id,
        trigger: "push",
        branch: "prod",
        commitSha: "1".repeat(40),
        commitMessage: message,
        needsApproval: true,
      },
    });
  const toApprove = await waiting("to approve");
  const toReject = await waiting("to reject");
  const frozen = await db.build.create({
    data: {
      serviceId: service.id,
      instanceId: prod.id,
      trigger: "push",
      branch: "prod",
      commitSha: "2".repeat(40),
      needsApproval: true,
      approvedAt: new Date(),
      holdReason: "freeze",
      holdUntil: new Date(Date.now() + 24 * hour),
    },
  });

  // What releases, tokens and notifications act on: real rows of acme, so an outsider is refused by
  // the tenant checks and a role by the permission table, never by the input schema.
  const deployment = await db.deployment.create({
    data: { instanceId: instance.id, commitSha: "0".repeat(40), artifactPath: "/nonexistent/artifact", config: {} },
  });
  const release = await db.release.create({
    data: { orgId, appId: appId!, kind: "PROMOTE", status: "SUCCEEDED", actorId: victim.id, log: "Promotion started by the worker" },
  });
  const victimToken = await db.apiToken.create({
    data: { orgId, userId: victim.id, name: "victim's automation", tokenHash: "1".repeat(64), prefix: "slw_vict" },
  });
  const channelData = (name: string) => ({
    orgId,
    appId: appId!,
    name,
    kind: "WEBHOOK" as const,
    secretCipher: cipher.encrypt(JSON.stringify({ url: "http://127.0.0.1:9/hook", signingSecret: "whsec_victim" })),
    targetHint: "127.0.0.1",
    events: ["build.failed"],
  });
  const channel = await db.notificationChannel.create({ data: channelData("victim channel") });
  const doomedChannel = await db.notificationChannel.create({ data: channelData("channel to remove") });
  const event = await db.notificationEvent.create({ data: { orgId, appId: appId!, type: "build.failed", payload: {} } });
  const delivery = await db.notificationDelivery.create({ data: { channelId: channel.id, eventId: event.id, status: "FAILED" } });

  let n = 0;
  const app = { appSlug: "workshop" };
  const workshopRepositoryId = (await db.app.findUniqueOrThrow({ where: { id: appId! } })).repositoryId;
  const inputs: Record<string, () => unknown> = {
    "apps.get": () => ({ slug: "workshop" }),
    "apps.deployBranch": () => ({ slug: "workshop", branch: "master" }),
    "builds.list": () => ({ appSlug: "workshop" }),
    "builds.get": () => ({ id: build.id }),
    "localResources.list": () => ({ appSlug: "workshop", stage: "staging" }),
    "localResources.peek": () => ({ resourceId: "no-such-resource" }),
    "builds.cancel": () => ({ id: build.id }),
    "builds.rerun": () => ({ id: build.id }),
    "builds.gate": () => ({ id: toApprove.id }),
    "builds.approve": () => ({ id: toApprove.id }),
    "builds.reject": () => ({ id: toReject.id, reason: "Not this week" }),
    "builds.overrideFreeze": () => ({ id: frozen.id, reason: "Hotfix for checkout" }),
    "stages.protections": () => app,
    "stages.protect": () => ({
      ...app,
      stage: "staging",
      rules: {
        requireApproval: true,
        approverRoles: ["PRODUCT_OWNER"],
        approverUserIds: [victim.id],
        allowSelfApproval: false,
        timeZone: "Europe/Berlin",
        freezes: [{ kind: "weekly", days: [5], start: "16:00", end: "08:00", spanDays: 2 }],
        freezeMode: "WAIT",
      },
    }),
    "releases.blockers": () => ({ slug: "workshop" }),
    "releases.overview": () => ({ slug: "workshop" }),
    "releases.history": () => ({ slug: "workshop" }),
    "releases.previewRollback": () => ({ slug: "workshop", serviceId: service.id, deploymentId: deployment.id }),
    "releases.log": () => ({ id: release.id }),
    "releases.promote": () => ({ slug: "workshop", serviceId: service.id, note: "authz" }),
    // Revert, not instant: an instant rollback would call whatever runtime listens on RUNTIME_PORT.
    "releases.rollback": () => ({ slug: "workshop", serviceId: service.id, deploymentId: deployment.id, mode: "revert", note: "authz" }),
    "releases.state": () => ({ slug: "workshop" }),
    "releases.promotionPlan": () => ({ slug: "workshop" }),
    "releases.previewMakePermanent": () => ({ slug: "workshop", serviceId: service.id }),
    // Not rolled back: an allowed role gets "not rolled back", never a runtime call or a push.
    "releases.undoRollback": () => ({ slug: "workshop", serviceId: service.id }),
    "releases.makePermanent": () => ({ slug: "workshop", serviceId: service.id, note: "authz" }),
    "releases.deployAnyway": () => ({ buildId: frozen.id }),
    "tokens.create": () => ({ name: `authz-${++n}` }),
    "tokens.revoke": () => ({ id: victimToken.id }),
    "notifications.list": () => app,
    "notifications.deliveries": () => ({ ...app, channelId: channel.id }),
    "notifications.create": () => ({
      ...app,
      name: `authz-${++n}`,
      events: ["build.failed"],
      kind: "WEBHOOK",
      url: "http://127.0.0.1:9/hook",
    }),
    "notifications.update": () => ({ ...app, channelId: channel.id, enabled: false }),
    "notifications.remove": () => ({ ...app, channelId: doomedChannel.id }),
    "notifications.sendTest": () => ({ ...app, channelId: channel.id }),
    "notifications.resend": () => ({ ...app, channelId: channel.id, deliveryId: delivery.id }),
    "githubApp.save": () => ({ appId: "12345", privateKey: "not a private key", webhookSecret: null }),
    "profiles.get": () => ({ id: dev.id }),
    "profiles.create": () => ({ name: `authz-${++n}`, description: "", region: "us-east-1" }),
    "profiles.update": () => ({ id: victimProfile.id, name: "victim-profile", description: "edited", region: "eu-west-1" }),
    "profiles.delete": () => ({ id: victimProfile.id }),
    "profiles.setAccess": () => ({ id: dev.id, access: { mode: "role", roleArn: "arn:aws:iam::123456789012:role/slipway-deployer" } }),
    "profiles.regenerateExternalId": () => ({ id: dev.id }),
    "profiles.saveSafeguards": () => ({ id: dev.id, safeguards: [{ policy: "allowed-regions", level: "ERROR", config: ["us-east-1"] }] }),
    "parameters.list": () => ({ owner: { kind: "profile", profileId: dev.id } }),
    "parameters.upsert": () => ({ owner: { kind: "app", ...app }, key: `authz_${++n}`, value: "1", secret: false, description: "" }),
    "parameters.delete": () => ({ id: victimParam.id }),
    "stages.settings": () => app,
    "stages.setDefaultProfile": () => ({ ...app, profileId: dev.id }),
    "stages.setMapping": () => ({ ...app, stage: "qa", profileId: dev.id }),
    "stages.removeMapping": () => ({ ...app, stage: "qa" }),
    "stages.resolve": () => ({ ...app, stage: "alice" }),
    "instances.stage": () => ({ ...app, stage: "dev" }),
    "webhooks.rotateSecret": () => ({ ...app, githubRepo: "acme/workshop" }),
    "services.list": () => app,
    "services.update": () => ({
      ...app,
      serviceId: service.id,
      path: "services/restapi",
      triggerPaths: ["shared/**"],
      previewEnabled: true,
      previewTargetBranch: "master",
      previewDestroy: true,
      branchDeployments: [
        { branch: "master", stage: "staging" },
        { branch: "prod", stage: "prod" },
      ],
    }),
    "members.invite": () => ({ email: `new-${++n}@example.com`, role: "REVIEWER" }),
    "members.revokeInvite": () => ({ id: victimInvite.id }),
    "members.resetPassword": () => ({ userId: victim.id }),
    "account.changePassword": () => ({ currentPassword: "not-the-current-password", newPassword: "a-long-new-password" }),
    "members.setRole": () => ({ userId: victim.id, role: "REVIEWER" }),
    "members.remove": () => ({ userId: victim.id }),
    "audit.list": () => ({}),
    // Onboarding: inputs that name acme's repository and app; what an admin may do changes nothing the next procedures need.
    "repositories.connect": () => ({ url: "https://git.example.com/acme/new.git", auth: { kind: "none" } }),
    "repositories.test": () => ({ repositoryId: workshopRepositoryId }),
    "repositories.detect": () => ({ repositoryId: workshopRepositoryId }),
    "repositories.settings": () => app,
    "repositories.update": () => ({ ...app, change: { kind: "reset-host-key" } }),
    "apps.create": () => ({
      repositoryId: workshopRepositoryId,
      name: "Again",
      slug: "again",
      services: [{ name: "restapi", folder: "services/restapi" }],
      stageProfiles: {},
      defaultProfileId: dev.id,
    }),
    "apps.delete": () => ({ slug: "workshop", confirm: "not-the-slug" }),
    "services.add": () => ({ ...app, service: { name: "ghost", folder: "services/ghost" } }),
    "previews.get": () => ({ ...app, stage: "dev" }),
    "parameters.check": () => ({ ...app, stage: "dev" }),
    "profiles.testAccess": () => ({ id: dev.id }),
    "apps.deployTargets": () => ({ slug: "workshop" }),
    "apps.commitLinks": () => ({ slug: "workshop" }),
    "services.savePipeline": () => ({
      ...app,
      pipeline: {
        previewEnabled: true,
        previewTargetBranch: "master",
        previewDestroy: true,
        branchDeployments: [
          { branch: "master", stage: "staging" },
          { branch: "prod", stage: "prod" },
        ],
      },
      serviceIds: [service.id],
    }),
    "services.remove": () => ({ ...app, serviceId: "no-such-service", destroyStages: true }),
    "services.clearCache": () => ({ ...app, serviceId: service.id }),
  };

  const context = (userId: string): Context => ({ ...deps, userId });
  return {
    testDb,
    db,
    env,
    redis,
    queue,
    deps,
    orgId,
    otherOrgId: other.id,
    users: { ...byRole, OTHER_ORG_ADMIN: otherAdmin.id },
    ids: {
      devProfileId: dev.id,
      victimProfileId: victimProfile.id,
      victimParamId: victimParam.id,
      victimUserId: victim.id,
      serviceId: service.id,
      buildId: build.id,
      victimTokenId: victimToken.id,
      deploymentId: deployment.id,
    },
    caller: (userId) => createCaller(context(userId)),
    inputs,
    async close() {
      await jobsWorker.close();
      await closeDeps(deps);
      const keys = await redis.keys(`${env.REDIS_PREFIX}:*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
      await testDb.drop();
    },
  };
}

/** Calls a procedure by its dotted path, e.g. "profiles.get". */
export function callPath(caller: unknown, path: string, input: unknown): Promise<unknown> {
  const fn = path.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], caller) as (i: unknown) => Promise<unknown>;
  return Promise.resolve().then(() => fn(input));
}

/** Everything org "acme" owns, as JSON: compared before and after a refused call to prove nothing changed. */
export async function orgSnapshot(db: TestDb["db"], orgId: string): Promise<string> {
  const org = await db.org.findUniqueOrThrow({
    where: { id: orgId },
    include: {
      members: { orderBy: { id: "asc" }, include: { user: true } },
      profiles: { orderBy: { id: "asc" }, include: { safeguards: { orderBy: { id: "asc" } }, parameters: { orderBy: { id: "asc" } } } },
      apps: {
        include: {
          stageMappings: { orderBy: { id: "asc" } },
          services: { orderBy: { id: "asc" } },
          parameters: { orderBy: { id: "asc" } },
          protections: { orderBy: { id: "asc" } },
          releases: { orderBy: { id: "asc" } },
          notificationChannels: { orderBy: { id: "asc" }, include: { deliveries: { orderBy: { id: "asc" } } } },
          instances: { orderBy: { id: "asc" }, include: { deployments: { orderBy: { id: "asc" } } } },
        },
      },
      apiTokens: { orderBy: { id: "asc" } },
      githubApp: true,
      parameters: { orderBy: { id: "asc" } },
      auditLog: { orderBy: { id: "asc" } },
      accountLinks: { orderBy: { id: "asc" } },
    },
  });
  const builds = await db.build.findMany({ where: { service: { app: { orgId } } }, orderBy: { id: "asc" } });
  return JSON.stringify({ org, builds });
}
