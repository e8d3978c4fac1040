import { z } from "zod";
import { TZDate } from "@date-fns/tz";

/**
 * Deploy freezes are written the way people say them: wall-clock times in the stage's time zone,
 * either one range ("2026-12-24T00:00" → "2026-12-27T08:00") or a weekly window ("Fri 16:00 →
 * Mon 08:00" is days [5], 16:00 → 08:00 spanning the weekend, written as one start day). Daylight
 * saving is the time zone's business: 16:00 stays 16:00 on both sides of the change.
 */
const localDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, "a local date and time like 2026-12-24T16:00");
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "a time like 16:00");
const note = z.string().max(200).optional();

export const freezeWindowSchema = z.discriminatedUnion("kind", [
  z
    .object({ kind: z.literal("once"), start: localDateTime, end: localDateTime, note })
    .strict()
    .refine((w) => w.start < w.end, "the freeze ends before it starts"),
  z
    .object({
      kind: z.literal("weekly"),
      /** 0 = Sunday … 6 = Saturday: the days the window starts on. */
      days: z.array(z.number().int().min(0).max(6)).min(1, "pick at least one day").max(7),
      start: hhmm,
      /** At or before start: the window runs into the next day (and beyond, up to a week). */
      end: hhmm,
      /** Extra days the window lasts past its start day (0: ends the same day or the next morning). */
      spanDays: z.number().int().min(0).max(6).optional(),
      note,
    })
    .strict(),
]);
export type FreezeWindow = z.infer<typeof freezeWindowSchema>;

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const minutes = (hm: string) => Number(hm.slice(0, 2)) * 60 + Number(hm.slice(3));
/** The instant of a wall-clock time in a time zone. */
function instant(tz: string, y: number, m: number, d: number, min: number, sec = 0): Date {
  return new Date(new TZDate(y, m, d, Math.floor(min / 60), min % 60, sec, tz).getTime());
}
const parseLocal = (s: string, tz: string) =>
  instant(
    tz,
    Number(s.slice(0, 4)),
    Number(s.slice(5, 7)) - 1,
    Number(s.slice(8, 10)),
    minutes(s.slice(11, 16)),
    Number(s.slice(17, 19) || 0),
  );

export interface ActiveFreeze {
  window: FreezeWindow;
  index: number;
  startsAt: Date;
  endsAt: Date;
}

/** The freeze in force at `now` (the one ending last, when windows overlap), or null. */
export function activeFreeze(windows: FreezeWindow[], timeZone: string, now: Date): ActiveFreeze | null {
  let found: ActiveFreeze | null = null;
  for (const [index, w] of windows.entries()) {
    const hit = w.kind === "once" ? onceHit(w, timeZone, now) : weeklyHit(w, timeZone, now);
    if (hit && (!found || hit.endsAt > found.endsAt)) found = { window: w, index, ...hit };
  }
  return found;
}

function onceHit(w: Extract<FreezeWindow, { kind: "once" }>, tz: string, now: Date) {
  const startsAt = parseLocal(w.start, tz);
  const endsAt = parseLocal(w.end, tz);
  return startsAt <= now && now < endsAt ? { startsAt, endsAt } : null;
}

function weeklyHit(w: Extract<FreezeWindow, { kind: "weekly" }>, tz: string, now: Date) {
  const local = new TZDate(now.getTime(), tz);
  const start = minutes(w.start);
  const end = minutes(w.end);
  const extraDays = (w.spanDays ?? 0) + (end <= start ? 1 : 0);
  // A window that started up to a week ago may still be running: look back day by day.
  for (let back = 0; back <= 7; back++) {
    const day = new TZDate(local.getFullYear(), local.getMonth(), local.getDate() - back, 0, 0, tz);
    if (!w.days.includes(day.getDay())) continue;
    const startsAt = instant(tz, day.getFullYear(), day.getMonth(), day.getDate(), start);
    const endsAt = instant(tz, day.getFullYear(), day.getMonth(), day.getDate() + extraDays, end);
    if (startsAt <= now && now < endsAt) return { startsAt, endsAt };
  }
  return null;
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
/** "every Fri 16:00 → 08:00 (+3 days)", "2026-12-24 00:00 → 2026-12-27 08:00". */
export function describeWindow(w: FreezeWindow): string {
  if (w.kind === "once") return `${w.start.replace("T", " ")} → ${w.end.replace("T", " ")}`;
  const extra = (w.spanDays ?? 0) + (minutes(w.end) <= minutes(w.start) ? 1 : 0);
  return `every ${w.days.map((d) => DAYS[d]).join(", ")} ${w.start} → ${w.end}${extra ? ` (+${extra} day${extra > 1 ? "s" : ""})` : ""}`;
}
