import { CronExpressionParser } from "cron-parser";

/** How BullMQ repeats a schedule: a fixed interval, or a cron pattern evaluated in UTC (as AWS does). */
export type Repeat = { every: number } | { pattern: string; tz: "UTC" };

const UNIT_MS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/**
 * Turns an EventBridge schedule expression (`rate(5 minutes)`, `cron(0 12 * * ? *)`) into a BullMQ
 * repeat. Throws a plain Error naming the expression when it cannot be honoured, so a bad schedule
 * fails the deploy instead of silently never running (or running at the wrong time).
 */
export function toRepeat(expression: string): Repeat {
  const rate = /^rate\(\s*(\d+)\s+(minute|hour|day)s?\s*\)$/i.exec(expression.trim());
  if (rate) {
    const value = Number(rate[1]);
    if (value < 1) throw new Error(`Schedule '${expression}': the rate must be at least 1`);
    return { every: value * UNIT_MS[rate[2].toLowerCase()] };
  }
  const cron = /^cron\((.*)\)$/i.exec(expression.trim());
  if (cron) return { pattern: awsCronToPattern(expression, cron[1]), tz: "UTC" };
  throw new Error(`Schedule '${expression}' is neither rate(<n> <minutes|hours|days>) nor cron(<6 fields>)`);
}

/**
 * AWS cron has 6 fields (min hour day-of-month month day-of-week year), `?` for "no value" and
 * numbers 1-7 = SUN-SAT in day-of-week; cron-parser (used by BullMQ) wants 5 fields with 0-6 = SUN-SAT.
 */
function awsCronToPattern(expression: string, body: string): string {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6) throw new Error(`Schedule '${expression}': AWS cron needs 6 fields, found ${fields.length}`);
  const [min, hour, dom, month, dow, year] = fields;
  // The year cannot be expressed in a repeating pattern; running every year would be wrong.
  if (year !== "*" && year !== "?") throw new Error(`Schedule '${expression}': only '*' is supported in the year field`);
  if (/W/i.test(dom)) throw new Error(`Schedule '${expression}': the 'W' (nearest weekday) operator is not supported`);
  try {
    const pattern = [min, hour, noValue(dom), month, noValue(shiftWeekdays(dow))].join(" ");
    CronExpressionParser.parse(pattern, { tz: "UTC" });
    return pattern;
  } catch (e) {
    throw new Error(`Schedule '${expression}' is not a valid cron expression: ${(e as Error).message}`);
  }
}

const noValue = (field: string) => (field === "?" ? "*" : field);

/** 1-7 (SUN-SAT) → 0-6, in plain numbers, ranges, lists, `n#k` and `nL`; step values keep their number. */
function shiftWeekdays(dow: string): string {
  return dow
    .split(",")
    .map((part) => {
      const [range, step] = part.split("/");
      const shifted = range.replace(/(\d+)(#\d+)?/g, (_m, n: string, nth: string | undefined) => {
        const v = Number(n);
        if (v < 1 || v > 7) throw new Error(`day-of-week ${v} is outside 1-7 (SUN-SAT)`);
        return `${v - 1}${nth ?? ""}`;
      });
      return step === undefined ? shifted : `${shifted}/${step}`;
    })
    .join(",");
}
