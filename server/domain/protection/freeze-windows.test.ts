import { describe, expect, it } from "vitest";
import { activeFreeze, describeWindow, freezeWindowSchema, type FreezeWindow } from "./freeze-windows";

const at = (iso: string) => new Date(iso);

describe("deploy freeze windows in a time zone", () => {
  const weekend: FreezeWindow = { kind: "weekly", days: [5], start: "16:00", end: "08:00", spanDays: 2 };

  it("holds from Friday 16:00 to Monday 08:00 Berlin time, and tells when it ends", () => {
    // 2026-12-04 is a Friday; Berlin is UTC+1 in December.
    expect(activeFreeze([weekend], "Europe/Berlin", at("2026-12-04T14:59:00Z"))).toBeNull();
    const f = activeFreeze([weekend], "Europe/Berlin", at("2026-12-04T15:00:00Z"));
    expect(f?.endsAt.toISOString()).toBe("2026-12-07T07:00:00.000Z");
    expect(activeFreeze([weekend], "Europe/Berlin", at("2026-12-06T23:00:00Z"))?.startsAt.toISOString()).toBe("2026-12-04T15:00:00.000Z");
    expect(activeFreeze([weekend], "Europe/Berlin", at("2026-12-07T07:00:00Z"))).toBeNull();
  });

  it("keeps wall-clock times across a daylight saving change", () => {
    const evenings: FreezeWindow = { kind: "weekly", days: [0, 1, 2, 3, 4, 5, 6], start: "18:00", end: "20:00" };
    // New York: UTC-4 on 2026-10-31, UTC-5 on 2026-11-02.
    expect(activeFreeze([evenings], "America/New_York", at("2026-10-31T22:30:00Z"))?.endsAt.toISOString()).toBe("2026-11-01T00:00:00.000Z");
    expect(activeFreeze([evenings], "America/New_York", at("2026-11-02T23:30:00Z"))?.endsAt.toISOString()).toBe("2026-11-03T01:00:00.000Z");
    expect(activeFreeze([evenings], "America/New_York", at("2026-11-02T22:30:00Z"))).toBeNull();
  });

  it("reads a one-off range in the stage's zone", () => {
    const xmas: FreezeWindow = { kind: "once", start: "2026-12-24T00:00", end: "2026-12-27T08:00" };
    expect(activeFreeze([xmas], "Asia/Tokyo", at("2026-12-23T14:59:00Z"))).toBeNull();
    expect(activeFreeze([xmas], "Asia/Tokyo", at("2026-12-23T15:00:00Z"))?.endsAt.toISOString()).toBe("2026-12-26T23:00:00.000Z");
  });

  it("picks the window ending last when two overlap", () => {
    const a: FreezeWindow = { kind: "once", start: "2026-12-01T00:00", end: "2026-12-02T00:00" };
    const b: FreezeWindow = { kind: "once", start: "2026-12-01T10:00", end: "2026-12-05T00:00" };
    expect(activeFreeze([a, b], "UTC", at("2026-12-01T12:00:00Z"))?.index).toBe(1);
  });

  it("refuses windows that cannot be read, saying how to write them", () => {
    expect(freezeWindowSchema.safeParse({ kind: "once", start: "2026-12-27T08:00", end: "2026-12-24T00:00" }).success).toBe(false);
    expect(freezeWindowSchema.safeParse({ kind: "weekly", days: [], start: "16:00", end: "08:00" }).success).toBe(false);
    expect(freezeWindowSchema.safeParse({ kind: "weekly", days: [1], start: "25:00", end: "08:00" }).success).toBe(false);
    expect(describeWindow(weekend)).toBe("every Fri 16:00 → 08:00 (+3 days)");
  });
});
