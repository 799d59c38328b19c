import { DateTime } from "luxon";
import { z } from "zod";
import { isValidTimeZone } from "../config.js";
import { AppError } from "../errors.js";

/**
 * Weekly schedule arithmetic. Pure: every function takes the instant it reasons about, so the
 * scheduler's injected clock (and tests moving time across a year or a DST change) drive it.
 *
 * Occurrences are always rebuilt from calendar fields (date + wall-clock time in the zone)
 * rather than by adding 7×24 hours, so "Monday 09:00 Europe/London" stays 09:00 local across
 * daylight-saving changes. A wall-clock time that does not exist on a spring-forward day
 * (02:30 when clocks jump from 02:00 to 03:00) moves forward by the gap, as luxon does; an
 * ambiguous one on a fall-back day takes the first (earlier) instant.
 */

export const weekdayNames = [
  "sunday",
  "monday",
  "tuesday",
  "wednesday",
  "thursday",
  "friday",
  "saturday",
] as const;

export const scheduleSchema = z.object({
  /** 0 = Sunday … 6 = Saturday, in `timezone`. */
  weekday: z.number().int().min(0).max(6),
  /** `HH:MM`, 24-hour. */
  timeOfDay: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
  timezone: z.string().refine(isValidTimeZone, "must be an IANA time zone"),
});
export type Schedule = z.infer<typeof scheduleSchema>;

export interface Period {
  /** The ISO week of the due time in the schedule's zone, e.g. `2026-W48`: the delivery key. */
  key: string;
  /** When the digest is due (the scheduled occurrence). */
  dueAt: Date;
}

/**
 * Parses `mon`, `Monday`, `tues`, `weds`, … into 0–6; undefined when it is not a weekday.
 * Any prefix of two or more letters is unambiguous (mo, tu, we, th, fr, sa, su).
 */
export function parseWeekday(token: string): number | undefined {
  const t = token.trim().toLowerCase().replace(/\.$/, "");
  if (t === "weds") return 3;
  if (t.length < 2) return undefined;
  const index = weekdayNames.findIndex((name) => name.startsWith(t));
  return index < 0 ? undefined : index;
}

/**
 * Parses `9:00`, `09:00`, `9am`, `5:30pm`, `17:30` into `HH:MM`; undefined when it does not
 * look like a time at all, an AppError when it looks like one but is out of range.
 */
export function parseTimeOfDay(token: string): string | undefined {
  const m = token
    .trim()
    .toLowerCase()
    .match(/^(\d{1,2})(?::(\d{2}))?\s*(am|pm)?$/);
  if (!m || (m[2] === undefined && m[3] === undefined)) return undefined;
  let hour = Number(m[1]);
  const minute = m[2] === undefined ? 0 : Number(m[2]);
  const meridiem = m[3];
  if (meridiem) {
    if (hour < 1 || hour > 12) throw badTime(token);
    hour = (hour % 12) + (meridiem === "pm" ? 12 : 0);
  }
  if (hour > 23 || minute > 59) throw badTime(token);
  return `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;
}

function badTime(token: string): AppError {
  return new AppError(
    "USAGE",
    `"${token}" is not a valid time of day; use 24-hour HH:MM such as 09:00 or 17:30.`,
  );
}

function luxonWeekday(weekday: number): number {
  return weekday === 0 ? 7 : weekday;
}

/** The schedule's occurrence on the given local calendar date. */
function occurrenceOn(schedule: Schedule, date: DateTime): DateTime {
  const [hour, minute] = schedule.timeOfDay.split(":").map(Number) as [number, number];
  return DateTime.fromObject(
    { year: date.year, month: date.month, day: date.day, hour, minute },
    { zone: schedule.timezone },
  );
}

/** The latest scheduled occurrence at or before `at`. */
export function latestOccurrence(schedule: Schedule, at: Date): Date {
  const local = DateTime.fromJSDate(at, { zone: schedule.timezone }).startOf("day");
  const back = (local.weekday - luxonWeekday(schedule.weekday) + 7) % 7;
  let date = local.minus({ days: back });
  let occurrence = occurrenceOn(schedule, date);
  if (occurrence.toMillis() > at.getTime()) {
    date = date.minus({ days: 7 });
    occurrence = occurrenceOn(schedule, date);
  }
  return occurrence.toJSDate();
}

/** The occurrence one calendar week before `occurrence` (same wall-clock time). */
export function previousOccurrence(schedule: Schedule, occurrence: Date): Date {
  const date = DateTime.fromJSDate(occurrence, { zone: schedule.timezone })
    .startOf("day")
    .minus({ days: 7 });
  return occurrenceOn(schedule, date).toJSDate();
}

/** The first scheduled occurrence strictly after `at`. */
export function nextOccurrence(schedule: Schedule, at: Date): Date {
  const latest = latestOccurrence(schedule, at);
  const date = DateTime.fromJSDate(latest, { zone: schedule.timezone })
    .startOf("day")
    .plus({ days: 7 });
  return occurrenceOn(schedule, date).toJSDate();
}

/** The ISO week (`2026-W48`) of an instant in a zone: one delivery per week per channel. */
export function periodKeyFor(dueAt: Date, timezone: string): string {
  const local = DateTime.fromJSDate(dueAt, { zone: timezone });
  return `${local.weekYear}-W${String(local.weekNumber).padStart(2, "0")}`;
}

/** The period whose due time is the latest occurrence at or before `at`. */
export function currentPeriod(schedule: Schedule, at: Date): Period {
  const dueAt = latestOccurrence(schedule, at);
  return { key: periodKeyFor(dueAt, schedule.timezone), dueAt };
}

/** "Monday 09:00 (Europe/London)" */
export function describeSchedule(schedule: Schedule): string {
  const name = weekdayNames[schedule.weekday] ?? "monday";
  return `${name[0]?.toUpperCase()}${name.slice(1)} ${schedule.timeOfDay} (${schedule.timezone})`;
}

/** "Nov 16 – Nov 22" in the zone; the end is exclusive, so the last day shown is end − 1 ms. */
export function describeWindow(start: Date, end: Date, timezone: string): string {
  const s = DateTime.fromJSDate(start, { zone: timezone });
  const e = DateTime.fromJSDate(new Date(end.getTime() - 1), { zone: timezone });
  const fmt = (d: DateTime, withYear: boolean) =>
    d.toFormat(withYear ? "LLL d, yyyy" : "LLL d", { locale: "en-US" });
  if (s.hasSame(e, "day")) return fmt(s, true);
  return `${fmt(s, s.year !== e.year)} – ${fmt(e, true)}`;
}
