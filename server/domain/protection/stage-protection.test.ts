import { describe, expect, it } from "vitest";
import { approvalRefusal, freezeNow, type Approver, type Protection } from "./stage-protection";

const rule = (over: Partial<Protection> = {}): Protection => ({
  stage: "prod",
  requireApproval: true,
  approverRoles: ["PRODUCT_OWNER"],
  approverUserIds: ["u-lead"],
  allowSelfApproval: false,
  timeZone: "UTC",
  freezes: [],
  freezeMode: "WAIT",
  ...over,
});
const who = (over: Partial<Approver> = {}): Approver => ({
  userId: "u-pat",
  role: "PRODUCT_OWNER",
  name: "Pat Product",
  email: "po@example.com",
  ...over,
});
const build = (over: Partial<{ fromFork: boolean; requestedById: string | null; commitAuthor: string }> = {}) => ({
  fromFork: false,
  requestedById: null,
  commitAuthor: "Ada Developer",
  ...over,
});

describe("who may approve a waiting build", () => {
  it("lets the stage's approver roles and named members approve, nobody else", () => {
    expect(approvalRefusal(build(), rule(), who())).toBeNull();
    expect(approvalRefusal(build(), rule(), who({ userId: "u-lead", role: "DEVELOPER", name: "Lee Lead" }))).toBeNull();
    expect(approvalRefusal(build(), rule(), who({ role: "DEVELOPER", userId: "u-dev", name: "Dee" }))).toMatch(
      /approved by product owners, a named member; you are not one of them/,
    );
  });

  it("refuses the change's author (by commit author or by who requested the build) unless the rule allows it", () => {
    const ada = who({ userId: "u-ada", role: "PRODUCT_OWNER", name: "Ada Developer", email: "ada@example.com" });
    expect(approvalRefusal(build(), rule(), ada)).toMatch(/You made this change/);
    expect(approvalRefusal(build({ commitAuthor: "someone", requestedById: "u-pat" }), rule(), who())).toMatch(/You made this change/);
    expect(approvalRefusal(build(), rule({ allowSelfApproval: true }), ada)).toBeNull();
  });

  it("needs an admin for a fork's pull request build, whatever the stage says", () => {
    expect(approvalRefusal(build({ fromFork: true }), null, who())).toMatch(/Only an admin/);
    expect(approvalRefusal(build({ fromFork: true }), null, who({ role: "ADMIN" }))).toBeNull();
    expect(
      approvalRefusal(build({ fromFork: true }), rule({ approverRoles: ["PRODUCT_OWNER"], approverUserIds: [] }), who({ role: "ADMIN" })),
    ).toMatch(/not one of them/);
  });

  it("says which freeze holds the stage and until when", () => {
    const f = freezeNow(
      rule({
        freezes: [{ kind: "once", start: "2026-12-24T00:00", end: "2026-12-27T00:00", note: "holidays" }],
        timeZone: "Europe/Berlin",
      }),
      new Date("2026-12-25T12:00:00Z"),
    );
    expect(f?.message).toBe(
      'Stage prod is frozen (2026-12-24 00:00 → 2026-12-27 00:00 Europe/Berlin, "holidays") until 2026-12-26T23:00:00.000Z.',
    );
    expect(freezeNow(rule(), new Date())).toBeNull();
  });
});
