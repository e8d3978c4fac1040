import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { createFixtures, type Fixtures } from "../../trpc/testing/settings-fixtures";
import { verifyLogin } from "../auth/verify-login";
import { inviteMember } from "./invite-member";
import { createPasswordReset } from "./create-password-reset";

/**
 * Members through the real tRPC routers (admin side) and the real session-less route handlers the
 * invitation and reset pages post to (invitee side), on the demo org of the settings fixtures.
 */
let f: Fixtures;
let inspect: (req: Request) => Promise<Response>;
let redeem: (req: Request) => Promise<Response>;
/** Where links point: the fixtures' NEXTAUTH_URL (the tRPC context's), and the web side reads the same. */
let BASE: string;

beforeAll(async () => {
  f = await createFixtures();
  BASE = f.env.NEXTAUTH_URL;
  Object.assign(process.env, { DATABASE_URL: f.testDb.url, NEXTAUTH_URL: BASE });
  ({ POST: inspect } = await import("../../../app/api/links/inspect/route"));
  ({ POST: redeem } = await import("../../../app/api/links/redeem/route"));
});
afterAll(async () => {
  await f?.close();
});

const admin = () => f.caller(f.users.ADMIN);
const tokenOf = (url: string) => new URL(url).hash.slice(1);
const post = async (route: (req: Request) => Promise<Response>, body: unknown) => {
  const res = await route(
    new Request(`${BASE}/api/links`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
  );
  return { status: res.status, body: await res.json() };
};
const accept = (token: string, name = "Nia New", password = "nias-long-password") =>
  post(redeem, { kind: "invite", token, name, password });
async function refusedCode(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof TRPCError) return e.code;
    throw e;
  }
  return "OK";
}

describe("inviting members by link", () => {
  it("an invitee opens the link, sets name and password, and is a member with the role chosen at invite", async () => {
    const invite = await admin().members.invite({ email: "Nia@Example.com", role: "PRODUCT_OWNER" });
    expect(invite.url).toMatch(new RegExp(`^${BASE}/invite#[A-Za-z0-9_-]{43}$`));
    const token = tokenOf(invite.url);
    // Only the hash is kept: the token is in no row of the database.
    const links = await f.db.accountLink.findMany();
    expect(JSON.stringify(links)).not.toContain(token);
    expect((await admin().members.invites()).map((i) => [i.email, i.role, i.state])).toContainEqual([
      "nia@example.com",
      "PRODUCT_OWNER",
      "pending",
    ]);
    expect(JSON.stringify(await admin().members.invites())).not.toContain(token);

    const seen = await post(inspect, { kind: "invite", token });
    expect(seen).toMatchObject({ status: 200, body: { email: "nia@example.com", role: "PRODUCT_OWNER", orgName: "Acme" } });
    const done = await accept(token);
    expect(done).toMatchObject({ status: 200, body: { email: "nia@example.com" } });

    const user = await verifyLogin(f.db, "nia@example.com", "nias-long-password");
    expect(user?.name).toBe("Nia New");
    const m = await f.db.membership.findFirstOrThrow({ where: { userId: user!.id } });
    expect(m).toMatchObject({ orgId: f.orgId, role: "PRODUCT_OWNER" });
    expect((await admin().members.invites()).map((i) => i.email)).not.toContain("nia@example.com");
    const audit = await f.db.auditEvent.findMany({ where: { orgId: f.orgId, action: { in: ["member.invite", "member.join"] } } });
    expect(audit.map((a) => a.action).sort()).toEqual(["member.invite", "member.join"]);
    expect(JSON.stringify(audit)).not.toContain(token);
    expect(JSON.stringify(audit)).not.toContain("nias-long-password");
  });

  it("refuses a used link, and creates nothing more", async () => {
    const token = tokenOf((await admin().members.invite({ email: "once@example.com", role: "REVIEWER" })).url);
    expect((await accept(token)).status).toBe(200);
    const users = await f.db.user.count();
    const again = await accept(token, "Someone Else", "another-long-password");
    expect(again).toMatchObject({ status: 409, body: { error: { message: expect.stringContaining("already used") } } });
    expect(await f.db.user.count()).toBe(users);
    expect(await verifyLogin(f.db, "once@example.com", "another-long-password")).toBeNull();
  });

  it("refuses an expired link", async () => {
    const eightDaysAgo = new Date(Date.now() - 8 * 24 * 3600_000);
    const invite = await inviteMember(f.db, f.orgId, f.users.ADMIN, BASE, { email: "late@example.com", role: "DEVELOPER" }, eightDaysAgo);
    const token = tokenOf(invite.url);
    expect(await post(inspect, { kind: "invite", token })).toMatchObject({
      status: 409,
      body: { error: { message: expect.stringContaining("expired") } },
    });
    expect((await accept(token)).status).toBe(409);
    expect(await f.db.user.findUnique({ where: { email: "late@example.com" } })).toBeNull();
    expect((await admin().members.invites()).find((i) => i.email === "late@example.com")?.state).toBe("expired");
  });

  it("refuses a revoked link, and an admin's new invite replaces the older one", async () => {
    const first = await admin().members.invite({ email: "rev@example.com", role: "DEVELOPER" });
    const second = await admin().members.invite({ email: "rev@example.com", role: "REVIEWER" });
    expect(await accept(tokenOf(first.url))).toMatchObject({
      status: 409,
      body: { error: { message: expect.stringContaining("revoked") } },
    });
    await admin().members.revokeInvite({ id: second.id });
    expect(await accept(tokenOf(second.url))).toMatchObject({
      status: 409,
      body: { error: { message: expect.stringContaining("revoked") } },
    });
    expect(await f.db.user.findUnique({ where: { email: "rev@example.com" } })).toBeNull();
    expect((await admin().members.invites()).map((i) => i.email)).not.toContain("rev@example.com");
    const audit = await f.db.auditEvent.findMany({ where: { action: "member.invite.revoke", target: "invite rev@example.com" } });
    expect(audit).toHaveLength(1);
  });

  it("refuses unknown, truncated and reset-kind tokens as invitations", async () => {
    const token = tokenOf((await admin().members.invite({ email: "trunc@example.com", role: "DEVELOPER" })).url);
    for (const bad of ["", "nope", token.slice(0, -2), `${token}x`]) expect((await accept(bad)).status, bad).toBe(404);
    const reset = tokenOf((await admin().members.resetPassword({ userId: f.users.DEVELOPER })).url);
    expect((await accept(reset)).status).toBe(404);
    expect(await f.db.user.findUnique({ where: { email: "trunc@example.com" } })).toBeNull();
  });

  it("of two people racing with one link, one joins", async () => {
    const token = tokenOf((await admin().members.invite({ email: "race@example.com", role: "DEVELOPER" })).url);
    const results = await Promise.all([accept(token, "A", "password-number-one"), accept(token, "B", "password-number-two")]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await f.db.user.count({ where: { email: "race@example.com" } })).toBe(1);
  });

  it("refuses to invite someone who already has an account, or with a bad email", async () => {
    expect(await refusedCode(admin().members.invite({ email: "dev@example.com", role: "ADMIN" }))).toBe("BAD_REQUEST");
    expect(await refusedCode(admin().members.invite({ email: "admin@other.example", role: "ADMIN" }))).toBe("BAD_REQUEST");
    expect(await refusedCode(admin().members.invite({ email: "no-at-sign", role: "ADMIN" }))).toBe("BAD_REQUEST");
  });

  it("a removed member can be invited back, and joins with the new role and password", async () => {
    const token = tokenOf((await admin().members.invite({ email: "back@example.com", role: "DEVELOPER" })).url);
    expect((await accept(token, "Bea Back", "beas-first-password")).status).toBe(200);
    const user = await f.db.user.findUniqueOrThrow({ where: { email: "back@example.com" } });
    await admin().members.remove({ userId: user.id });
    const again = tokenOf((await admin().members.invite({ email: "back@example.com", role: "REVIEWER" })).url);
    expect((await accept(again, "Bea Again", "beas-second-password")).status).toBe(200);
    const back = await verifyLogin(f.db, "back@example.com", "beas-second-password");
    expect(back).toMatchObject({ id: user.id, name: "Bea Again" });
    expect(await f.db.membership.findFirst({ where: { userId: user.id, orgId: f.orgId } })).toMatchObject({ role: "REVIEWER" });
  });

  it("a bad name or short password is refused and leaves the link usable", async () => {
    const token = tokenOf((await admin().members.invite({ email: "retry@example.com", role: "DEVELOPER" })).url);
    expect(await accept(token, "Rita", "short")).toMatchObject({ status: 400, body: { error: { field: "password" } } });
    expect(await accept(token, "  ", "long-enough-password")).toMatchObject({ status: 400, body: { error: { field: "name" } } });
    expect((await accept(token, "Rita", "long-enough-password")).status).toBe(200);
  });
});

describe("the last admin", () => {
  it("can be neither demoted nor removed; with a second admin both work", async () => {
    const sole = f.users.ADMIN;
    expect(await f.db.membership.count({ where: { orgId: f.orgId, role: "ADMIN" } })).toBe(1);
    expect(await refusedCode(admin().members.setRole({ userId: sole, role: "DEVELOPER" }))).toBe("CONFLICT");
    expect(await refusedCode(admin().members.remove({ userId: sole }))).toBe("CONFLICT");
    expect(await f.db.membership.findFirst({ where: { orgId: f.orgId, userId: sole } })).toMatchObject({ role: "ADMIN" });

    await admin().members.setRole({ userId: f.users.DEVELOPER, role: "ADMIN" });
    const other = f.caller(f.users.DEVELOPER);
    await other.members.setRole({ userId: sole, role: "REVIEWER" });
    // Now the former developer is the last admin, and the same rule protects them.
    expect(await refusedCode(other.members.setRole({ userId: f.users.DEVELOPER, role: "REVIEWER" }))).toBe("CONFLICT");
    expect(await refusedCode(other.members.remove({ userId: f.users.DEVELOPER }))).toBe("CONFLICT");
    await other.members.setRole({ userId: sole, role: "ADMIN" });
    await admin().members.setRole({ userId: f.users.DEVELOPER, role: "DEVELOPER" });
    const roles = await f.db.auditEvent.count({ where: { orgId: f.orgId, action: "member.role" } });
    expect(roles).toBe(4);
  });
});

describe("passwords", () => {
  it("everyone changes their own password with the current one; a wrong current password changes nothing", async () => {
    const reviewer = f.caller(f.users.REVIEWER);
    expect(
      await refusedCode(reviewer.account.changePassword({ currentPassword: "wrong-password", newPassword: "reviewers-new-password" })),
    ).toBe("BAD_REQUEST");
    expect(await refusedCode(reviewer.account.changePassword({ currentPassword: "slipway-demo", newPassword: "short" }))).toBe(
      "BAD_REQUEST",
    );
    expect(await verifyLogin(f.db, "reviewer@example.com", "slipway-demo")).not.toBeNull();
    await reviewer.account.changePassword({ currentPassword: "slipway-demo", newPassword: "reviewers-new-password" });
    expect(await verifyLogin(f.db, "reviewer@example.com", "slipway-demo")).toBeNull();
    expect(await verifyLogin(f.db, "reviewer@example.com", "reviewers-new-password")).not.toBeNull();
    const audit = await f.db.auditEvent.findMany({ where: { action: "account.password", actorId: f.users.REVIEWER } });
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain("reviewers-new-password");
  });

  it("an admin's one-time reset link lets the member choose a new password, once", async () => {
    const older = tokenOf((await createPasswordReset(f.db, f.orgId, f.users.ADMIN, BASE, f.users.PRODUCT_OWNER)).url);
    const reset = await admin().members.resetPassword({ userId: f.users.PRODUCT_OWNER });
    expect(reset.url).toMatch(new RegExp(`^${BASE}/reset-password#`));
    const token = tokenOf(reset.url);
    expect(await post(inspect, { kind: "reset", token })).toMatchObject({ status: 200, body: { email: "po@example.com" } });
    // Until it is used the current password still works; the older link was replaced.
    expect(await verifyLogin(f.db, "po@example.com", "slipway-demo")).not.toBeNull();
    expect((await post(redeem, { kind: "reset", token: older, password: "pos-brand-new-password" })).status).toBe(409);

    expect((await post(redeem, { kind: "reset", token, password: "pos-brand-new-password" })).status).toBe(200);
    expect(await verifyLogin(f.db, "po@example.com", "slipway-demo")).toBeNull();
    expect(await verifyLogin(f.db, "po@example.com", "pos-brand-new-password")).not.toBeNull();
    expect((await post(redeem, { kind: "reset", token, password: "yet-another-password" })).status).toBe(409);
    expect(await verifyLogin(f.db, "po@example.com", "pos-brand-new-password")).not.toBeNull();
    const audit = await f.db.auditEvent.findMany({ where: { action: { startsWith: "member.password" } } });
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["member.password.reset-link", "member.password.reset"]));
    expect(JSON.stringify(audit)).not.toContain(token);
  });

  it("an admin cannot reset the password of someone outside the org", async () => {
    expect(await refusedCode(admin().members.resetPassword({ userId: f.users.OTHER_ORG_ADMIN }))).toBe("NOT_FOUND");
  });
});
