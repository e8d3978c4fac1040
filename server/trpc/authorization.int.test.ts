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
type Def = { type: "query" | "mutation" | "subscription"; meta?: { action?: Action }; inputs: unknown[] };
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: Def }>).map(([path, p]) => ({
  path,
  type: p._def.type,
  action: p._def.meta?.action,
  takesInput: p._def.inputs.length > 0,
}));
/**
 * The action each procedure must check, written out a second time: a procedure whose permission is
 * removed or loosened (orgProcedure → authedProcedure, "releases.promote" → "apps.read") fails here,
 * and a new procedure needs its line, which is where its reviewer sees who may call it.
 */
const EXPECTED_ACTION: Record<string, Action | null> = {
  "me.get": null,
  "apps.list": "apps.read",
  "apps.get": "apps.read",
  "apps.commitLinks": "apps.read",
  "apps.deployBranch": "builds.trigger",
  "apps.deployTargets": "builds.trigger",
  "apps.create": "apps.create",
  "apps.delete": "apps.delete",
  "builds.list": "builds.read",
  "builds.get": "builds.read",
  "builds.cancel": "builds.cancel",
  "builds.rerun": "builds.trigger",
  "builds.gate": "builds.read",
  "builds.waiting": "builds.read",
  "builds.approve": "builds.approve",
  "builds.reject": "builds.approve",
  "builds.overrideFreeze": "builds.override",
  "profiles.list": "profiles.read",
  "profiles.get": "profiles.read",
  "profiles.create": "profiles.write",
  "profiles.update": "profiles.write",
  "profiles.delete": "profiles.write",
  "profiles.setAccess": "profiles.write",
  "profiles.regenerateExternalId": "profiles.write",
  "profiles.saveSafeguards": "profiles.write",
  "profiles.testAccess": "profiles.write",
  "parameters.list": "profiles.read",
  "parameters.upsert": "parameters.write",
  "parameters.delete": "parameters.write",
  "parameters.check": "profiles.read",
  "stages.settings": "profiles.read",
  "stages.setDefaultProfile": "apps.write",
  "stages.setMapping": "stages.write",
  "stages.removeMapping": "stages.write",
  "stages.protections": "stages.write",
  "stages.protect": "stages.write",
  "stages.resolve": "profiles.read",
  "services.list": "apps.read",
  "services.update": "services.write",
  "services.add": "services.write",
  "services.remove": "services.write",
  "services.clearCache": "services.clearCache",
  "services.savePipeline": "services.write",
  "members.list": "members.read",
  "members.invites": "members.read",
  "members.invite": "members.write",
  "members.revokeInvite": "members.write",
  "members.setRole": "members.write",
  "members.remove": "members.write",
  "members.resetPassword": "members.write",
  "audit.list": "audit.read",
  "releases.overview": "apps.read",
  "releases.blockers": "apps.read",
  "releases.history": "apps.read",
  "releases.previewRollback": "releases.rollback",
  "releases.log": "apps.read",
  "releases.promote": "releases.promote",
  "releases.rollback": "releases.rollback",
  "releases.state": "apps.read",
  "releases.promotionPlan": "releases.promote",
  "releases.previewMakePermanent": "releases.rollback",
  "releases.undoRollback": "releases.rollback",
  "releases.makePermanent": "releases.rollback",
  "releases.deployAnyway": "releases.rollback",
  "instances.stage": "builds.read",
  "tokens.list": "org.read",
  "tokens.create": "org.read",
  "tokens.revoke": "org.read",
  "webhooks.rotateSecret": "apps.write",
  "account.changePassword": "account.write",
  "localResources.list": "builds.read",
  "localResources.peek": "cloud.read",
  "repositories.connect": "apps.create",
  "repositories.test": "repositories.write",
  "repositories.detect": "repositories.write",
  "repositories.stageProfiles": "apps.create",
  "repositories.createGuideProfiles": "profiles.write",
  "repositories.settings": "repositories.write",
  "repositories.update": "repositories.write",
  "notifications.list": "notifications.read",
  "notifications.deliveries": "notifications.read",
  "notifications.create": "notifications.write",
  "notifications.update": "notifications.write",
  "notifications.remove": "notifications.write",
  "notifications.sendTest": "notifications.write",
  "notifications.resend": "notifications.write",
  "githubApp.get": "github.read",
  "githubApp.save": "github.write",
  "githubApp.remove": "github.write",
  "previews.get": "builds.read",
};
const ROLES: Role[] = ["ADMIN", "DEVELOPER", "REVIEWER", "PRODUCT_OWNER"];
/** Procedures whose input names nothing of another org (lists, creates): an outsider acts on their own org. */
const ORG_LOCAL = new Set([
  "me.get",
  "apps.list",
  "profiles.list",
  "profiles.create",
  "members.list",
  "members.invites",
  "members.invite",
  "account.changePassword",
  "audit.list",
  "builds.waiting",
  "repositories.connect",
  "repositories.stageProfiles",
  "repositories.createGuideProfiles",
  "tokens.list",
  "tokens.create",
  "githubApp.get",
  "githubApp.save",
  "githubApp.remove",
]);

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
    // An input the schema refuses would make every refusal below meaningless: the fixtures must be real.
    if (e instanceof TRPCError && Array.isArray((e.cause as { issues?: unknown } | undefined)?.issues)) {
      throw new Error(`${path}: the fixture's input was refused by its schema: ${e.message}`);
    }
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

  it("checks the action written down for each procedure (a removed or loosened permission fails)", () => {
    expect(Object.fromEntries(procedures.map((p) => [p.path, p.action ?? null]))).toEqual(EXPECTED_ACTION);
  });

  it("has a real input for every procedure that takes one (a procedure without input acts on the caller's own org)", () => {
    expect(procedures.filter((p) => p.takesInput && !f.inputs[p.path]).map((p) => p.path)).toEqual([]);
    expect(procedures.filter((p) => !p.takesInput && !ORG_LOCAL.has(p.path)).map((p) => p.path)).toEqual([]);
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
      if (ORG_LOCAL.has(p.path)) {
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

  it("keeps a member's token theirs: neither another member nor another org's admin revoked it", async () => {
    const token = await f.db.apiToken.findUniqueOrThrow({ where: { id: f.ids.victimTokenId } });
    expect(token.revokedAt).toBeNull();
    // The same call on one's own token works: the refusals above were the tenant floor, not a bad input.
    const own = await f.caller(f.users.ADMIN).tokens.create({ name: "mine" });
    await f.caller(f.users.ADMIN).tokens.revoke({ id: own.id });
    expect((await f.db.apiToken.findUniqueOrThrow({ where: { id: own.id } })).revokedAt).not.toBeNull();
  });

  it("refuses callers who are not signed in", async () => {
    for (const p of procedures.filter((x) => x.type !== "subscription")) {
      const r = await attempt(null as unknown as string, p.path, p.type);
      expect(r, p.path).toMatchObject({ ok: false, code: "UNAUTHORIZED" });
    }
  });
});
