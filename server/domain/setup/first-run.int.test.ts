import { mkdtemp, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDb, type TestDb } from "../../../scripts/test/test-db";
import { verifyLogin } from "../auth/verify-login";
import { readSetupToken, setupTokenPath } from "./setup-token";

/**
 * First run, through the real POST /api/setup route handler and the start-up announcement, on an
 * empty database and a data folder of its own; and the scripted-install CLI as a child process.
 */
let t: TestDb;
let dataDir: string;
let POST: (req: Request) => Promise<Response>;
let announceSetup: (reason: "start" | "page") => Promise<boolean>;
const BASE = "http://localhost:3999";

beforeAll(async () => {
  t = await createTestDb();
  dataDir = await mkdtemp(path.join(os.tmpdir(), "slipway-setup-"));
  Object.assign(process.env, { DATABASE_URL: t.url, SLIPWAY_DATA_DIR: dataDir, NEXTAUTH_URL: BASE });
  ({ POST } = await import("../../../app/api/setup/route"));
  ({ announceSetup } = await import("../../setup-announce"));
});
afterAll(async () => {
  await t?.drop();
  await rm(dataDir, { recursive: true, force: true });
});

const form = (over: Record<string, unknown> = {}) => ({
  name: "Ann Admin",
  email: "ann@example.com",
  password: "a-long-admin-password",
  orgName: "Acme Corp",
  orgSlug: "acme-corp",
  ...over,
});
const setup = (body: unknown, headers: Record<string, string> = {}) =>
  POST(
    new Request(`${BASE}/api/setup`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    }),
  );
const counts = async () => ({ users: await t.db.user.count(), orgs: await t.db.org.count(), memberships: await t.db.membership.count() });
const NOTHING = { users: 0, orgs: 0, memberships: 0 };

describe("first run of an empty install", () => {
  it("the web process prints a setup token at start and writes it to a file only its user can read", async () => {
    const logged: string[] = [];
    const spy = vi.spyOn(console, "log").mockImplementation((line: string) => void logged.push(line));
    try {
      expect(await announceSetup("start")).toBe(true);
    } finally {
      spy.mockRestore();
    }
    const token = await readSetupToken(dataDir);
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(logged.join("\n")).toContain(`setup token: ${token}`);
    expect(logged.join("\n")).toContain(`${BASE}/setup`);
    expect((await stat(setupTokenPath(dataDir))).mode & 0o777).toBe(0o600);
    // A restart (or the setup page) shows the same token, not a new one.
    await announceSetup("page");
    expect(await readSetupToken(dataDir)).toBe(token);
  });

  it("refuses a setup without the token, or with a wrong one, and creates nothing", async () => {
    const missing = await setup(form());
    expect(missing.status).toBe(403);
    expect((await missing.json()).error).toMatchObject({ code: "FORBIDDEN", field: "token" });
    const token = (await readSetupToken(dataDir))!;
    for (const wrong of ["x", token.slice(0, -1), `${token}x`, token.toUpperCase()]) {
      const res = await setup({ ...form(), token: wrong });
      expect(res.status, wrong).toBe(403);
    }
    expect(await counts()).toEqual(NOTHING);
  });

  it("refuses bad input with the field it concerns, and creates nothing", async () => {
    const token = (await readSetupToken(dataDir))!;
    for (const [over, field] of [
      [{ password: "short" }, "password"],
      [{ email: "not-an-email" }, "email"],
      [{ orgSlug: "Has Spaces" }, "orgSlug"],
      [{ name: "" }, "name"],
      [{ orgName: " " }, "orgName"],
    ] as const) {
      const res = await setup({ ...form(over), token });
      expect(res.status).toBe(400);
      expect((await res.json()).error.field).toBe(field);
    }
    expect(await counts()).toEqual(NOTHING);
  });

  it("refuses a cross-site POST (a page elsewhere cannot claim the install)", async () => {
    const token = (await readSetupToken(dataDir))!;
    const res = await setup({ ...form(), token }, { origin: "https://evil.example", "sec-fetch-site": "cross-site" });
    expect(res.status).toBe(403);
    expect(await counts()).toEqual(NOTHING);
  });

  it("of several setups racing with the right token exactly one wins; the admin can sign in", async () => {
    const token = (await readSetupToken(dataDir))!;
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        setup({ ...form({ email: `ann${i}@example.com`, orgSlug: `acme-${i}` }), token }).then(async (r) => ({
          status: r.status,
          body: await r.json(),
        })),
      ),
    );
    const won = results.filter((r) => r.status === 200);
    expect(won).toHaveLength(1);
    for (const r of results.filter((x) => x.status !== 200)) expect(r.status).toBe(409);
    expect(await counts()).toEqual({ users: 1, orgs: 1, memberships: 1 });
    const admin = await t.db.membership.findFirstOrThrow({ include: { user: true, org: true } });
    expect(admin.role).toBe("ADMIN");
    expect(admin.user.email).toBe(won[0]!.body.email);
    expect(admin.org.name).toBe("Acme Corp");
    expect(await verifyLogin(t.db, admin.user.email, "a-long-admin-password")).not.toBeNull();
    const audit = await t.db.auditEvent.findMany({ where: { orgId: admin.orgId } });
    expect(audit.map((a) => a.action)).toEqual(["install.setup"]);
    expect(JSON.stringify(audit)).not.toContain("a-long-admin-password");
  });

  it("is gone once done: the token file is removed, a second setup is refused, no new token appears", async () => {
    await expect(stat(setupTokenPath(dataDir))).rejects.toThrow();
    const res = await setup({ ...form({ email: "mallory@example.com", orgSlug: "mallory" }), token: "anything" });
    expect(res.status).toBe(409);
    expect((await res.json()).error.message).toMatch(/already set up/);
    expect(await announceSetup("page")).toBe(false);
    await expect(stat(setupTokenPath(dataDir))).rejects.toThrow();
    expect(await counts()).toEqual({ users: 1, orgs: 1, memberships: 1 });
  });
});

describe("npm run setup (scripted installs)", () => {
  const cli = (db: TestDb, args: string[], opts: { input?: string; env?: Record<string, string> } = {}) =>
    execa("npx", ["tsx", "scripts/setup.ts", ...args], {
      reject: false,
      input: opts.input,
      env: { DATABASE_URL: db.url, SLIPWAY_DATA_DIR: dataDir, NEXTAUTH_URL: BASE, ...opts.env },
    });
  const args = ["--email", "ops@example.com", "--name", "Ops Admin", "--org-name", "Ops Team"];

  it("creates the first admin from a password on stdin, once; refuses a password in argv", async () => {
    const db = await createTestDb();
    try {
      const argv = await cli(db, [...args, "--password", "a-long-admin-password"]);
      expect(argv.exitCode).toBe(2);
      expect(argv.stderr).toContain("leaks through `ps`");
      expect(await db.db.user.count()).toBe(0);

      const first = await cli(db, args, { input: "a-long-admin-password\n" });
      expect(first.stderr).toBe("");
      expect(first.exitCode).toBe(0);
      expect(first.stdout).toContain('Created the organisation "ops-team"');
      expect(await verifyLogin(db.db, "ops@example.com", "a-long-admin-password")).not.toBeNull();

      const again = await cli(db, ["--email", "two@example.com", "--name", "Two", "--org-name", "Two"], {
        env: { SLIPWAY_ADMIN_PASSWORD: "another-long-password" },
      });
      expect(again.exitCode).toBe(1);
      expect(again.stderr).toContain("already set up");
      expect(await db.db.user.count()).toBe(1);
    } finally {
      await db.drop();
    }
  });
});
