import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Redis } from "ioredis";
import { createRedis } from "../../redis";
import { createTestDb, testRedisPrefix, type TestDb } from "../../../scripts/test/test-db";
import { hashPassword } from "./verify-login";
import { clientIp, throttledLogin } from "./login-throttle";

let t: TestDb;
let redis: Redis;
const prefix = testRedisPrefix();
const deps = () => ({ db: t.db, redis, prefix });
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
    // bcrypt takes a few hundred ms per attempt here: a window long enough for 11 of them.
    const opts = { windowS: 10 };
    for (let i = 0; i < 10; i++) {
      expect(await throttledLogin(deps(), EMAIL, `wrong-${i}`, `10.0.0.${i}`, opts)).toMatchObject({ user: null, blocked: false });
    }
    expect(await throttledLogin(deps(), EMAIL, PASSWORD, "10.0.1.1", opts)).toMatchObject({ user: null, blocked: true });
    expect(await throttledLogin(deps(), "  THROTTLE@example.com ", PASSWORD, "10.0.1.2", opts)).toMatchObject({ blocked: true });
    const key = (await redis.keys(`${prefix}:login-fail:email:*`))[0]!;
    const ttl = await redis.pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(10_000);
    await new Promise((r) => setTimeout(r, ttl + 200));
    const after = await throttledLogin(deps(), EMAIL, PASSWORD, "10.0.1.3", opts);
    expect(after.blocked).toBe(false);
    expect(after.user?.email).toBe(EMAIL);
  });

  it("refuses an IP that failed 10 times, whatever email it tries next", async () => {
    for (let i = 0; i < 10; i++) await throttledLogin(deps(), `nobody-${i}@example.com`, "x", "192.0.2.7");
    expect(await throttledLogin(deps(), "other@example.com", PASSWORD, "192.0.2.7")).toMatchObject({ user: null, blocked: true });
    // Another address is not affected, and a success clears the email's counter.
    const ok = await throttledLogin(deps(), "other@example.com", PASSWORD, "192.0.2.8");
    expect(ok.user?.email).toBe("other@example.com");
    expect(await redis.ttl(`${prefix}:login-fail:ip:192.0.2.7`)).toBeGreaterThan(14 * 60);
  });

  it("reads the client IP from the proxy's headers", () => {
    expect(clientIp({ "x-forwarded-for": "203.0.113.9, 10.0.0.1" })).toBe("203.0.113.9");
    expect(clientIp({ "x-real-ip": "203.0.113.10" })).toBe("203.0.113.10");
    expect(clientIp({})).toBeNull();
    expect(clientIp(undefined)).toBeNull();
  });
});
