import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import type { Role } from "@prisma/client";
import { appRouter } from "./root";
import { DomainError } from "../domain/errors";
import { can, PERMISSIONS, type Action } from "../domain/auth/permissions";
import { callPath, createFixtures, orgSnapshot, type Fixtures } from "./testing/settings-fixtures";

/**
 * Every procedure of the whole appRouter, for every role and for an admin of another org, against
 * the permission table. The list comes from the router itself, so procedures added later are covered.
 */
type Def = { type: "query" | "mutation" | "subscription"; meta?: { action?: Action } };
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: Def }>).map(([path, p]) => ({
  path,
  type: p._def.type,
  action: p._def.meta?.action,
}));
const ROLES: Role[] = ["ADMIN", "DEVELOPER", "REVIEWER", "PRODUCT_OWNER"];
/** Procedures whose input names nothing of another org (lists, creates): an outsider acts on their own org. */
const ORG_LOCAL = new Set(["me.get", "apps.list", "profiles.list", "profiles.create", "members.list", "members.invites", "members.invite", "account.changePassword", "audit.list", "builds.waiting", "repositories.connect", "repositories.stageProfiles", "repositories.createGuideProfiles"]);

let f: Fixtures;
beforeAll(async () => {
  f = await createFixtures();
});
afterAll(async () => {
  await f?.close();
});

async function attempt(userId: string, path: string, type: Def["type"]): Promise<{ ok: boolean; code?: string; value?: unknown }> {
  try {
    const value = await callPath(f.caller(userId), path, f.inputs[path]?.());
    if (type === "subscription") {
      // The caller checks authorization when called; an in-org check runs on the first pull.
      const it = (value as AsyncIterable<unknown>)[Symbol.asyncIterator]();
      const first = await Promise.race([it.next(), new Promise((r) => setTimeout(() => r("pending"), 1500))]);
      await it.return?.();
      return { ok: true, value: first };
    }
    return { ok: true, value };
  } catch (e) {
    if (e instanceof TRPCError) return { ok: false, code: e.code };
    // Thrown inside a subscription's generator, past the middleware that maps domain errors.
    if (e instanceof DomainError) return { ok: false, code: e.code === "BAD_INPUT" ? "BAD_REQUEST" : e.code };
    throw e;
  }
}

describe("authorization of every procedure", () => {
  it("finds the procedures, and every orgProcedure names an action of the permission table", () => {
    expect(procedures.length).toBeGreaterThan(25);
    for (const p of procedures) if (p.action) expect(Object.keys(PERMISSIONS)).toContain(p.action);
  });

  for (const p of procedures) {
    it(`${p.path} (${p.type}, ${p.action ?? "any signed-in member"})`, async () => {
      const allowed = (role: Role) => (p.action ? can(role, p.action) : true);
      // Refused callers first, on untouched fixtures: each must change nothing.
      for (const role of ROLES.filter((r) => !allowed(r))) {
        const before = await orgSnapshot(f.db, f.orgId);
        const r = await attempt(f.users[role], p.path, p.type);
        expect(r, `${role} on ${p.path}`).toMatchObject({ ok: false, code: "FORBIDDEN" });
        expect(await orgSnapshot(f.db, f.orgId), `${role} changed something via ${p.path}`).toBe(before);
      }

      const before = await orgSnapshot(f.db, f.orgId);
      const outsider = await attempt(f.users.OTHER_ORG_ADMIN, p.path, p.type);
      expect(await orgSnapshot(f.db, f.orgId), `another org's admin changed acme via ${p.path}`).toBe(before);
      if (!f.inputs[p.path] && !ORG_LOCAL.has(p.path)) {
        // A procedure this test has no input for: it must at least not succeed against acme's data.
        expect(JSON.stringify(outsider.value ?? null)).not.toContain(f.orgId);
      } else if (ORG_LOCAL.has(p.path)) {
        expect(JSON.stringify(outsider.value ?? null)).not.toContain(f.orgId);
        expect(JSON.stringify(outsider.value ?? null)).not.toContain(f.ids.devProfileId);
      } else {
        expect(outsider.ok, `another org's admin got through ${p.path}`).toBe(false);
        expect(["FORBIDDEN", "NOT_FOUND"], `${p.path}: ${outsider.code}`).toContain(outsider.code);
      }

      for (const role of ROLES.filter(allowed)) {
        const r = await attempt(f.users[role], p.path, p.type);
        if (!r.ok) expect(["FORBIDDEN", "UNAUTHORIZED"], `${role} was refused ${p.path}`).not.toContain(r.code);
      }
    });
  }

  it("lets the allowed roles approve, reject and override with real inputs, and it shows", async () => {
    const builds = await f.db.build.findMany({ where: { instance: { stage: "prod" } }, orderBy: { number: "asc" } });
    expect(builds.map((b) => [b.commitMessage || "frozen", b.status, b.approvedById !== null, b.freezeOverrideReason])).toEqual([
      ["to approve", "QUEUED", true, null],
      ["to reject", "REJECTED", false, null],
      ["frozen", "QUEUED", false, "Hotfix for checkout"],
    ]);
    expect(await f.db.stageProtection.count({ where: { stage: "staging", timeZone: "Europe/Berlin" } })).toBe(1);
  });

  it("refuses callers who are not signed in", async () => {
    for (const p of procedures.filter((x) => x.type !== "subscription")) {
      const r = await attempt(null as unknown as string, p.path, p.type);
      expect(r, p.path).toMatchObject({ ok: false, code: "UNAUTHORIZED" });
    }
  });
});
