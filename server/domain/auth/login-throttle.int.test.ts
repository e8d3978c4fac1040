import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Redis } from "ioredis";
import { createRedis } from "../../redis";
import { parseEnv } from "../../env";
import { createTestDb, testRedisPrefix, type TestDb } from "../../../scripts/test/test-db";
import { hashPassword } from "./verify-login";
import { CLIENT_IP_HEADER, clientIp, markClientIpStamped, throttledLogin } from "./login-throttle";
import { clientAddress, parseTrustedProxies } from "./client-address";

let t: TestDb;
let redis: Redis;
const prefix = testRedisPrefix();
const deps = () => ({ db: t.db, redis, env: parseEnv({ NODE_ENV: "test", REDIS_PREFIX: prefix }) });
const EMAIL = "throttle@example.com";
const PASSWORD = "right-password-123";

beforeAll(async () => {
  t = await createTestDb();
  redis = createRedis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
  await t.db.user.create({ data: { email: EMAIL, name: "T", passwordHash: await hashPassword(PASSWORD) } });
  await t.db.user.create({ data: { email: "other@example.com", name: "O", passwordHash: await hashPassword(PASSWORD) } });
});
afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
  await t?.drop();
});

describe("login throttle (real Redis)", () => {
  it("refuses the 11th attempt for an email, even with the right password, until the window passes", async () => {
    // bcrypt takes a few hundred ms per attempt here, over a second on a busy machine: a window
    // long enough for 11 of them (it starts at the first attempt).
    const opts = { windowS: 25 };
    for (let i = 0; i < 10; i++) {
      expect(await throttledLogin(deps(), { email: EMAIL, password: `wrong-${i}`, ip: `10.0.0.${i}`, opts })).toMatchObject({
        user: null,
        blocked: false,
      });
    }
    expect(await throttledLogin(deps(), { email: EMAIL, password: PASSWORD, ip: "10.0.1.1", opts })).toMatchObject({
      user: null,
      blocked: true,
    });
    expect(await throttledLogin(deps(), { email: "  THROTTLE@example.com ", password: PASSWORD, ip: "10.0.1.2", opts })).toMatchObject({
      blocked: true,
    });
    const key = (await redis.keys(`${prefix}:login-fail:email:*`))[0]!;
    const ttl = await redis.pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(25_000);
    await new Promise((r) => setTimeout(r, ttl + 200));
    const after = await throttledLogin(deps(), { email: EMAIL, password: PASSWORD, ip: "10.0.1.3", opts });
    expect(after.blocked).toBe(false);
    expect(after.user?.email).toBe(EMAIL);
  });

  it("refuses an IP that failed 10 times, whatever email it tries next", async () => {
    for (let i = 0; i < 10; i++) await throttledLogin(deps(), { email: `nobody-${i}@example.com`, password: "x", ip: "192.0.2.7" });
    expect(await throttledLogin(deps(), { email: "other@example.com", password: PASSWORD, ip: "192.0.2.7" })).toMatchObject({
      user: null,
      blocked: true,
    });
    // Another address is not affected, and a success clears the email's counter.
    const ok = await throttledLogin(deps(), { email: "other@example.com", password: PASSWORD, ip: "192.0.2.8" });
    expect(ok.user?.email).toBe("other@example.com");
    expect(await redis.ttl(`${prefix}:login-fail:ip:192.0.2.7`)).toBeGreaterThan(14 * 60);
  });

  it("lets at most 10 of 30 parallel wrong attempts reach the password check", async () => {
    const email = "parallel@example.com";
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => throttledLogin(deps(), { email: email, password: `wrong-${i}`, ip: `198.51.100.${i}` })),
    );
    expect(results.filter((r) => !r.blocked)).toHaveLength(10);
    expect(results.filter((r) => r.blocked)).toHaveLength(20);
    // And one address trying 30 emails at once: the same.
    const byIp = await Promise.all(
      Array.from({ length: 30 }, (_, i) => throttledLogin(deps(), { email: `p${i}@example.com`, password: "x", ip: "198.51.100.200" })),
    );
    expect(byIp.filter((r) => !r.blocked)).toHaveLength(10);
  });

  it("does not count a success against the IP", async () => {
    for (let i = 0; i < 12; i++)
      expect((await throttledLogin(deps(), { email: "other@example.com", password: PASSWORD, ip: "192.0.2.50" })).user?.email).toBe(
        "other@example.com",
      );
    expect(Number(await redis.get(`${prefix}:login-fail:ip:192.0.2.50`))).toBe(0);
  });

  it("reads the client IP only from the header its own web server stamped", () => {
    expect(clientIp({ [CLIENT_IP_HEADER]: "203.0.113.9" })).toBeNull(); // not behind scripts/web-server.ts: anyone's header
    markClientIpStamped();
    expect(clientIp({ [CLIENT_IP_HEADER]: "203.0.113.9", "x-forwarded-for": "10.9.9.9" })).toBe("203.0.113.9");
    expect(clientIp({ "x-forwarded-for": "10.9.9.9" })).toBeNull();
    expect(clientIp(undefined)).toBeNull();
  });
});

describe("client address", () => {
  const none = new Set<string>();
  const proxy = parseTrustedProxies("127.0.0.1, 10.0.0.2");

  it("is the socket's peer, whatever X-Forwarded-For says, unless the peer is a trusted proxy", () => {
    expect(clientAddress("203.0.113.7", "1.2.3.4", none)).toBe("203.0.113.7");
    expect(clientAddress("::ffff:127.0.0.1", "1.2.3.4", none)).toBe("127.0.0.1");
    expect(clientAddress("203.0.113.7", "1.2.3.4", proxy)).toBe("203.0.113.7"); // not a proxy we trust
    expect(clientAddress(undefined, undefined, none)).toBeNull();
  });

  it("behind trusted proxies, is the first untrusted hop from the right: a spoofed left part is ignored", () => {
    expect(clientAddress("127.0.0.1", "203.0.113.9", proxy)).toBe("203.0.113.9");
    expect(clientAddress("127.0.0.1", "6.6.6.6, 203.0.113.9, 10.0.0.2", proxy)).toBe("203.0.113.9");
    expect(clientAddress("127.0.0.1", ["6.6.6.6", "203.0.113.9"], proxy)).toBe("203.0.113.9");
    expect(clientAddress("127.0.0.1", "not-an-ip, 10.0.0.2", proxy)).toBe("10.0.0.2");
    expect(clientAddress("127.0.0.1", undefined, proxy)).toBe("127.0.0.1");
  });
});
