import type { AddressInfo } from "node:net";
import { Queue } from "bullmq";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, waitFor, waitForBuilds, type Harness } from "../../../scripts/test/harness";
import { replay, startRecorder, startSignedReceiver, type Receiver, type SignedReceiver } from "../../../scripts/test/notify-receivers";
import { createCaller } from "../../trpc/root";
import { queueBuild } from "../builds/queue-build";
import { NOTIFY_QUEUE } from "../../notify-queue";

/**
 * Notifications end to end: channels made through the tRPC API, real builds through the worker,
 * deliveries through the BullMQ queue to real servers on loopback — a Slack-compatible recorder, a
 * signature-checking webhook receiver, an SMTP server (smtp-server) — and channels that answer
 * 500 or never answer.
 */
const BACKOFF_MS = 600;
const TIMEOUT_MS = 3000;
const ATTEMPTS = 3;
const SMTP_PASSWORD = "smtp-secret-pass";

let h: Harness;
let slack: Receiver;
let failing: Receiver;
let hanging: Receiver;
let hook: SignedReceiver;
let smtp: SMTPServer;
const mails: { from: string; to: string[]; data: string }[] = [];
const ids: Record<string, string> = {};
let signingSecret = "";

const as = async (email: string) => {
  const user = await h.db.user.findUniqueOrThrow({ where: { email } });
  return createCaller({ ...h.deps, userId: user.id });
};

async function startSmtp(): Promise<number> {
  smtp = new SMTPServer({
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    onAuth(auth, _session, cb) {
      if (auth.username === "slipway" && auth.password === SMTP_PASSWORD) return cb(null, { user: "slipway" });
      cb(new Error("Invalid username or password"));
    },
    onData(stream, session, cb) {
      let data = "";
      stream.on("data", (c) => (data += c));
      stream.on("end", () => {
        mails.push({
          from: String(session.envelope.mailFrom && session.envelope.mailFrom.address),
          to: session.envelope.rcptTo.map((r) => r.address),
          data,
        });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", () => resolve()));
  return (smtp.server.address() as AddressInfo).port;
}

const deliveries = async (channel: string) =>
  (await as("admin@example.com")).notifications.deliveries({ appSlug: "workshop", channelId: ids[channel] });

beforeAll(async () => {
  const port = await startSmtp();
  [slack, failing, hanging, hook] = await Promise.all([
    startRecorder(200),
    startRecorder(500),
    startRecorder("hang"),
    startSignedReceiver(),
  ]);
  h = await startHarness({
    SMTP_URL: `smtp://slipway:${SMTP_PASSWORD}@127.0.0.1:${port}`,
    SMTP_FROM: "Slipway <ci@slipway.test>",
    NOTIFY_ATTEMPTS: String(ATTEMPTS),
    NOTIFY_BACKOFF_MS: String(BACKOFF_MS),
    NOTIFY_TIMEOUT_MS: String(TIMEOUT_MS),
    NEXTAUTH_URL: "http://slipway.test",
  });
}, 120_000);

afterAll(async () => {
  await h?.close();
  await Promise.all([slack, failing, hanging, hook].map((r) => r?.close()));
  await new Promise<void>((r) => (smtp ? smtp.close(() => r()) : r()));
});

describe("notification channels", () => {
  it("are added by an admin only, and bad input changes nothing", async () => {
    const dev = await as("dev@example.com");
    await expect(
      dev.notifications.create({
        appSlug: "workshop",
        name: "x",
        kind: "SLACK",
        url: slack.url,
        events: ["build.failed"],
        stages: [],
        services: [],
      }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    const admin = await as("admin@example.com");
    await expect(
      admin.notifications.create({
        appSlug: "workshop",
        name: "x",
        kind: "SLACK",
        url: "ftp://nope",
        events: ["build.failed"],
        stages: [],
        services: [],
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(
      admin.notifications.create({ appSlug: "workshop", name: "x", kind: "SLACK", url: slack.url, events: [], stages: [], services: [] }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(
      admin.notifications.create({
        appSlug: "workshop",
        name: "x",
        kind: "SLACK",
        url: slack.url,
        events: ["build.failed"],
        stages: [],
        services: ["nope"],
      }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("nope"),
    });
    await expect(
      admin.notifications.create({
        appSlug: "workshop",
        name: "x",
        kind: "EMAIL",
        recipients: ["not-an-email"],
        events: ["build.failed"],
        stages: [],
        services: [],
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await h.db.notificationChannel.count()).toBe(0);

    const base = { appSlug: "workshop", stages: [] as string[], services: [] as string[] };
    ids.slack = (
      await admin.notifications.create({
        ...base,
        name: "team chat",
        kind: "SLACK",
        url: slack.url,
        events: ["build.started", "build.succeeded", "build.failed"],
      })
    ).id;
    const created = await admin.notifications.create({
      ...base,
      name: "ops hook",
      kind: "WEBHOOK",
      url: hook.url,
      events: ["build.succeeded", "build.failed"],
      stages: ["dev", "broken"],
    });
    ids.hook = created.id;
    signingSecret = created.signingSecret!;
    expect(signingSecret).toMatch(/^whsec_[0-9a-f]{48}$/);
    hook.setSecret(signingSecret);
    ids.email = (
      await admin.notifications.create({
        ...base,
        name: "release mail",
        kind: "EMAIL",
        recipients: ["team@example.com"],
        events: ["build.succeeded"],
      })
    ).id;
    ids.failing = (
      await admin.notifications.create({ ...base, name: "flaky", kind: "WEBHOOK", url: failing.url, events: ["build.started"] })
    ).id;
    ids.hanging = (
      await admin.notifications.create({ ...base, name: "black hole", kind: "SLACK", url: hanging.url, events: ["build.started"] })
    ).id;
    ids.restapiOnly = (
      await admin.notifications.create({
        ...base,
        name: "restapi only",
        kind: "SLACK",
        url: slack.url,
        events: ["build.succeeded"],
        services: ["restapi"],
      })
    ).id;
    ids.prodOnly = (
      await admin.notifications.create({
        ...base,
        name: "prod only",
        kind: "SLACK",
        url: slack.url,
        events: ["build.succeeded"],
        stages: ["prod"],
      })
    ).id;

    // What the browser gets never holds a URL's secret path, a signing secret or the SMTP password.
    const listed = JSON.stringify(await (await as("dev@example.com")).notifications.list({ appSlug: "workshop" }));
    expect(listed).toContain("team chat");
    for (const secret of ["XXXXSECRETPATH", signingSecret, SMTP_PASSWORD]) expect(listed).not.toContain(secret);
    const stored = JSON.stringify(await h.db.notificationChannel.findMany());
    for (const secret of ["XXXXSECRETPATH", signingSecret]) expect(stored).not.toContain(secret);
    expect(JSON.stringify(await h.db.auditEvent.findMany({ where: { action: { startsWith: "notifications." } } }))).not.toContain(
      "XXXXSECRETPATH",
    );
  });

  it("tell Slack, email and a signed webhook about a build, and a slow or broken channel never holds the build", async () => {
    // With no delivery made at all until the build is over, the build cannot have waited for one:
    // it only writes the event and queues it, whatever the channels do.
    const notifications = new Queue(NOTIFY_QUEUE, { connection: h.redis, prefix: h.env.REDIS_PREFIX });
    await notifications.pause();
    let build: Awaited<ReturnType<typeof waitForBuilds>>[number];
    let pending;
    try {
      const database = await h.db.service.findFirstOrThrow({ where: { appId: h.appId, name: "database" } });
      const queued = await queueBuild(h.db, h.queue, {
        serviceId: database.id,
        stage: "dev",
        trigger: "manual",
        commitSha: await h.repo.head("master"),
      });
      [build] = await waitForBuilds(h, [queued.id]);
      expect(build.status).toBe("SUCCEEDED");
      expect(build.steps.every((s) => s.status === "SUCCEEDED")).toBe(true);
      // The finished build's events are written just after its status.
      pending = await waitFor("the build's six deliveries", async () => {
        const rows = await h.db.notificationDelivery.findMany({ include: { event: true, channel: true } });
        return rows.length >= 6 ? rows : null;
      });
      expect(hanging.received.length + failing.received.length + slack.received.length).toBe(0);
    } finally {
      await notifications.resume();
      await notifications.close();
    }
    expect(pending.map((d) => `${d.channel.name} ${d.event.type} ${d.status} ${d.attempts}`).sort()).toEqual([
      "black hole build.started PENDING 0",
      "flaky build.started PENDING 0",
      "ops hook build.succeeded PENDING 0",
      "release mail build.succeeded PENDING 0",
      "team chat build.started PENDING 0",
      "team chat build.succeeded PENDING 0",
    ]);

    await waitFor("Slack's two messages", async () => slack.received.length >= 2);
    const [started, succeeded] = slack.received.map(
      (r) => r.json as { text: string; blocks: Array<{ type: string; elements?: Array<{ url?: string }> }> },
    );
    expect(started.text).toMatch(/^Build started: Build #\d+ started: deploy of database to dev/);
    expect(succeeded.text).toMatch(/^Build succeeded:/);
    const buttons = succeeded.blocks.find((b) => b.type === "actions")!.elements!.map((e) => e.url);
    expect(buttons).toEqual([`http://slipway.test/builds/${build.id}`]);
    expect(slack.received).toHaveLength(2); // the restapi-only and prod-only channels stayed quiet

    await waitFor("the signed webhook", async () => hook.accepted.length >= 1);
    const body = hook.accepted[0].json as Record<string, any>;
    expect(hook.accepted[0].headers["slipway-event"]).toBe("build.succeeded");
    expect(body).toMatchObject({
      type: "build.succeeded",
      test: false,
      org: "acme",
      app: "workshop",
      stage: "dev",
      service: "database",
      url: `http://slipway.test/builds/${build.id}`,
      build: { id: build.id, number: build.number, status: "SUCCEEDED", kind: "DEPLOY", commit: { sha: build.commitSha } },
      outputs: { database_submissions_name: "workshop-submissions-dev" },
    });
    expect(body.build.durationMs).toBeGreaterThan(0);

    await waitFor("the email", async () => mails.length >= 1);
    expect(mails[0].to).toEqual(["team@example.com"]);
    expect(mails[0].from).toBe("ci@slipway.test");
    expect(mails[0].data).toMatch(/Subject: \[workshop\/dev\] Build succeeded: Build #\d+ succeeded/);
    expect(mails[0].data).toContain(`http://slipway.test/builds/${build.id}`);
  });

  it("retry a channel answering 500 with growing backoff, and show every attempt and its answer", async () => {
    const [d] = await waitFor("the failing delivery to give up", async () => {
      const list = await deliveries("failing");
      return list[0]?.status === "FAILED" ? list : null;
    });
    expect(failing.received).toHaveLength(ATTEMPTS);
    expect(d.attempts.map((a) => [a.number, a.ok, a.statusCode])).toEqual([
      [1, false, 500],
      [2, false, 500],
      [3, false, 500],
    ]);
    expect(d.attempts[0].error).toContain("HTTP 500");
    // Exponential backoff: each retry waits at least twice as long as the one before.
    const gaps = failing.received.slice(1).map((r, i) => r.at - failing.received[i].at);
    expect(gaps[0]).toBeGreaterThanOrEqual(BACKOFF_MS);
    expect(gaps[1]).toBeGreaterThanOrEqual(2 * BACKOFF_MS);
  });

  it("give up on a channel that never answers after each attempt's timeout", async () => {
    const [d] = await waitFor(
      "the hanging delivery to give up",
      async () => {
        const list = await deliveries("hanging");
        return list[0]?.status === "FAILED" ? list : null;
      },
      60_000,
    );
    expect(d.attempts).toHaveLength(ATTEMPTS);
    for (const a of d.attempts) {
      expect(a.error).toBe(`timed out after ${TIMEOUT_MS} ms`);
      expect(a.durationMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    }
  });

  it("send build.failed with the failing step and the end of its log, to the channels whose stage matches", async () => {
    const sha = await h.repo.commitFile(
      "services/database/naming.js",
      (s) => s.replace("workshop-submissions-", "oops-"),
      "break the table name",
      "broken",
    );
    const database = await h.db.service.findFirstOrThrow({ where: { appId: h.appId, name: "database" } });
    const queued = await queueBuild(h.db, h.queue, {
      serviceId: database.id,
      stage: "broken",
      branch: "broken",
      trigger: "push",
      commitSha: sha,
    });
    const [build] = await waitForBuilds(h, [queued.id]);
    expect(build.status).toBe("FAILED");
    const failed = await waitFor("build.failed at the webhook", async () => hook.accepted.find((r) => r.json.type === "build.failed"));
    expect(failed.json).toMatchObject({
      stage: "broken",
      service: "database",
      build: { status: "FAILED", failedStep: "test", branch: "broken" },
    });
    const tail = (failed.json.build as { logTail: string[] }).logTail;
    expect(tail.join("\n")).toContain("# fail 1");
    expect(tail.at(-1)).toBe("✖ test failed: `npm test` exited with code 1");
    expect(tail.join("\n")).not.toMatch(/\u001b\[/);
    const chat = await waitFor("build.failed on Slack", async () =>
      slack.received.find((r) => String(r.json.text).startsWith("Build failed")),
    );
    expect(JSON.stringify(chat.json)).toContain("at test");
  });

  it("refuse a replayed or re-timed webhook at the receiver, as the README tells receivers to", async () => {
    const original = hook.accepted[0];
    expect(await replay(hook.url, original)).toBe(409);
    const t = Math.floor(Date.now() / 1000);
    const v1 = /v1=([0-9a-f]+)/.exec(String(original.headers["slipway-signature"]))![1];
    expect(await replay(hook.url, original, { "slipway-signature": `t=${t},v1=${v1}` })).toBe(401);
    // A signature captured earlier is refused once it is older than the tolerance.
    const before = hook.answers.length;
    hook.skewS = 600;
    await (await as("admin@example.com")).notifications.sendTest({ appSlug: "workshop", channelId: ids.hook });
    await waitFor("the receiver's answer", async () => hook.answers.length > before);
    expect(hook.answers[before]).toBe(408);
    hook.skewS = 0;
  });

  it("send a test and send again from the delivery log", async () => {
    const admin = await as("admin@example.com");
    await expect((await as("dev@example.com")).notifications.sendTest({ appSlug: "workshop", channelId: ids.slack })).rejects.toMatchObject(
      { code: "FORBIDDEN" },
    );
    const before = slack.received.length;
    await admin.notifications.sendTest({ appSlug: "workshop", channelId: ids.slack });
    await waitFor("the test message", async () => slack.received.length > before);
    expect(String(slack.received.at(-1)!.json.text)).toMatch(/^Test notification: A test notification from Slipway for workshop/);

    const log = await deliveries("failing");
    const again = await admin.notifications.resend({ appSlug: "workshop", channelId: ids.failing, deliveryId: log[0].id });
    const after = await waitFor("the resent delivery", async () => {
      const list = await deliveries("failing");
      return list.find((d) => d.id === again.deliveryId && d.attempts.length > 0) ? list : null;
    });
    // Two builds started (dev, broken), and the one sent again.
    expect(after.map((d) => d.event.type)).toEqual(["build.started", "build.started", "build.started"]);
    expect(after[0].attempts[0]).toMatchObject({ number: 1, ok: false, statusCode: 500 });

    // A paused channel hears nothing.
    await admin.notifications.update({ appSlug: "workshop", channelId: ids.slack, enabled: false });
    const quiet = slack.received.length;
    const database = await h.db.service.findFirstOrThrow({ where: { appId: h.appId, name: "database" } });
    const queued = await queueBuild(h.db, h.queue, {
      serviceId: database.id,
      stage: "dev",
      trigger: "manual",
      commitSha: await h.repo.head("master"),
    });
    await waitForBuilds(h, [queued.id]);
    await waitFor("the webhook to hear of it", async () => hook.accepted.filter((r) => r.json.type === "build.succeeded").length >= 2);
    expect(slack.received.filter((r) => !String(r.json.text).includes("restapi")).length).toBe(quiet);
    expect(await h.db.notificationDelivery.count({ where: { channelId: ids.slack, createdAt: { gt: queued.createdAt } } })).toBe(0);
  });

  it("announce a build that waits for an approval, once", async () => {
    const admin = await as("admin@example.com");
    await admin.notifications.create({
      appSlug: "workshop",
      name: "approvals",
      kind: "SLACK",
      url: slack.url,
      events: ["approval.needed"],
      stages: [],
      services: [],
    });
    await h.db.stageProtection.create({ data: { appId: h.appId, stage: "guarded", requireApproval: true } });
    const database = await h.db.service.findFirstOrThrow({ where: { appId: h.appId, name: "database" } });
    const waiting = await queueBuild(h.db, h.queue, {
      serviceId: database.id,
      stage: "guarded",
      trigger: "manual",
      commitSha: await h.repo.head("master"),
    });
    expect(waiting).toMatchObject({ status: "QUEUED", needsApproval: true });
    const message = await waitFor("approval.needed on Slack", async () =>
      slack.received.find((r) => String(r.json.text).startsWith("Approval needed")),
    );
    expect(String(message.json.text)).toContain(`Build #${waiting.number} of database to guarded waits for an approval`);
    expect(JSON.stringify(message.json)).toContain(`http://slipway.test/builds/${waiting.id}`);
    await new Promise((r) => setTimeout(r, 4_500));
    expect(slack.received.filter((r) => String(r.json.text).startsWith("Approval needed"))).toHaveLength(1);
  });
});
