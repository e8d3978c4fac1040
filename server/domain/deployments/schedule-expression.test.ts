import { CronExpressionParser } from "cron-parser";
import { describe, expect, it } from "vitest";
import { toRepeat } from "./schedule-expression";

const next = (pattern: string, from: string) =>
  CronExpressionParser.parse(pattern, { tz: "UTC", currentDate: new Date(from) })
    .next()
    .toISOString();

describe("toRepeat", () => {
  it("turns rates into intervals", () => {
    expect(toRepeat("rate(1 minute)")).toEqual({ every: 60_000 });
    expect(toRepeat("rate(5 minutes)")).toEqual({ every: 300_000 });
    expect(toRepeat("rate(2 hours)")).toEqual({ every: 7_200_000 });
    expect(toRepeat("rate(1 day)")).toEqual({ every: 86_400_000 });
  });

  it("turns AWS cron into a UTC 5-field pattern with 0-6 weekdays", () => {
    expect(toRepeat("cron(0 12 * * ? *)")).toEqual({ pattern: "0 12 * * *", tz: "UTC" });
    expect(toRepeat("cron(15 10 ? * 2-6 *)")).toEqual({ pattern: "15 10 * * 1-5", tz: "UTC" });
    expect(toRepeat("cron(0 8 ? * 1,7 *)")).toEqual({ pattern: "0 8 * * 0,6", tz: "UTC" });
    expect(toRepeat("cron(0 9 ? * 6#3 *)")).toEqual({ pattern: "0 9 * * 5#3", tz: "UTC" });
    expect(toRepeat("cron(0 18 ? * MON-FRI *)")).toEqual({ pattern: "0 18 * * MON-FRI", tz: "UTC" });
    expect(toRepeat("cron(0/10 * ? * * *)")).toEqual({ pattern: "0/10 * * * *", tz: "UTC" });
  });

  it("keeps AWS meaning: 2-6 is Monday to Friday", () => {
    const { pattern } = toRepeat("cron(15 10 ? * 2-6 *)") as { pattern: string };
    // 2026-01-03 is a Saturday; the next run is Monday the 5th.
    expect(next(pattern, "2026-01-03T12:00:00Z")).toBe("2026-01-05T10:15:00.000Z");
  });

  it.each([
    ["every 5 minutes", "neither rate"],
    ["rate(0 minutes)", "at least 1"],
    ["rate(5 seconds)", "neither rate"],
    ["cron(0 12 * * ?)", "needs 6 fields"],
    ["cron(0 12 * * ? 2030)", "year field"],
    ["cron(0 12 15W * ? *)", "'W'"],
    ["cron(0 12 ? * 8 *)", "outside 1-7"],
    ["cron(99 12 * * ? *)", "not a valid cron"],
  ])("rejects %s", (expression, message) => {
    expect(() => toRepeat(expression)).toThrow(message);
  });
});
