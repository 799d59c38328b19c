import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import {
  currentPeriod,
  describeSchedule,
  describeWindow,
  latestOccurrence,
  nextOccurrence,
  parseTimeOfDay,
  parseWeekday,
  periodKeyFor,
  previousOccurrence,
  type Schedule,
} from "../../src/digest/schedule.js";
import { AppError } from "../../src/errors.js";

const london: Schedule = { weekday: 1, timeOfDay: "09:00", timezone: "Europe/London" };
const local = (d: Date, zone: string) =>
  DateTime.fromJSDate(d, { zone }).toFormat("ccc yyyy-LL-dd HH:mm");

describe("parseWeekday", () => {
  it("accepts names, abbreviations and two-letter prefixes", () => {
    expect(parseWeekday("Monday")).toBe(1);
    expect(parseWeekday("mon")).toBe(1);
    expect(parseWeekday("tues")).toBe(2);
    expect(parseWeekday("weds")).toBe(3);
    expect(parseWeekday("th")).toBe(4);
    expect(parseWeekday("SUN")).toBe(0);
    expect(parseWeekday("sat.")).toBe(6);
  });
  it("rejects what is not a weekday", () => {
    expect(parseWeekday("m")).toBeUndefined();
    expect(parseWeekday("mnday")).toBeUndefined();
    expect(parseWeekday("funday")).toBeUndefined();
  });
});

describe("parseTimeOfDay", () => {
  it("normalises 24-hour and am/pm times", () => {
    expect(parseTimeOfDay("9:00")).toBe("09:00");
    expect(parseTimeOfDay("17:30")).toBe("17:30");
    expect(parseTimeOfDay("9am")).toBe("09:00");
    expect(parseTimeOfDay("12am")).toBe("00:00");
    expect(parseTimeOfDay("5:30pm")).toBe("17:30");
  });
  it("explains an out-of-range time in one sentence", () => {
    expect(() => parseTimeOfDay("25:00")).toThrow(AppError);
    expect(() => parseTimeOfDay("9:75")).toThrow(/not a valid time of day/);
    expect(() => parseTimeOfDay("13pm")).toThrow(/HH:MM/);
  });
  it("returns undefined for what is not a time", () => {
    expect(parseTimeOfDay("monday")).toBeUndefined();
    expect(parseTimeOfDay("9")).toBeUndefined();
  });
});

describe("occurrences", () => {
  it("finds the latest Monday 09:00 at or before an instant", () => {
    // Wednesday 25 Nov 2026, 12:00 UTC (GMT in London).
    const at = new Date("2026-11-25T12:00:00Z");
    expect(latestOccurrence(london, at).toISOString()).toBe("2026-11-23T09:00:00.000Z");
    expect(nextOccurrence(london, at).toISOString()).toBe("2026-11-30T09:00:00.000Z");
  });

  it("treats the exact due instant as due, one millisecond before as last week", () => {
    const due = new Date("2026-11-23T09:00:00Z");
    expect(latestOccurrence(london, due).toISOString()).toBe(due.toISOString());
    expect(latestOccurrence(london, new Date(due.getTime() - 1)).toISOString()).toBe(
      "2026-11-16T09:00:00.000Z",
    );
  });

  it("keeps 09:00 local across the spring-forward week (a 167-hour week)", () => {
    // Europe/London moves to BST on Sunday 29 March 2026.
    const after = latestOccurrence(london, new Date("2026-03-31T00:00:00Z"));
    expect(after.toISOString()).toBe("2026-03-30T08:00:00.000Z"); // 09:00 BST
    const before = previousOccurrence(london, after);
    expect(before.toISOString()).toBe("2026-03-23T09:00:00.000Z"); // 09:00 GMT
    expect((after.getTime() - before.getTime()) / 3_600_000).toBe(167);
  });

  it("keeps 09:00 local across the fall-back week in New York (a 169-hour week)", () => {
    const ny: Schedule = { weekday: 1, timeOfDay: "09:00", timezone: "America/New_York" };
    const after = latestOccurrence(ny, new Date("2026-11-03T00:00:00Z"));
    expect(local(after, ny.timezone)).toBe("Mon 2026-11-02 09:00");
    const before = previousOccurrence(ny, after);
    expect((after.getTime() - before.getTime()) / 3_600_000).toBe(169);
  });

  it("moves a wall-clock time that does not exist on the DST day forward by the gap", () => {
    const sunday0230: Schedule = { weekday: 0, timeOfDay: "02:30", timezone: "America/New_York" };
    // 8 March 2026: clocks jump from 02:00 to 03:00.
    const due = latestOccurrence(sunday0230, new Date("2026-03-08T12:00:00Z"));
    expect(local(due, sunday0230.timezone)).toBe("Sun 2026-03-08 03:30");
    // The next week is back to 02:30, not 03:30.
    const next = nextOccurrence(sunday0230, due);
    expect(local(next, sunday0230.timezone)).toBe("Sun 2026-03-15 02:30");
  });

  it("never skips or repeats a week, in any zone, over two years (property)", () => {
    const zones = [
      "Europe/London",
      "America/New_York",
      "Australia/Sydney",
      "Asia/Kolkata",
      "UTC",
      "Pacific/Chatham",
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 0, max: 23 }),
        fc.constantFrom(0, 15, 30, 45),
        fc.date({ min: new Date("2025-01-01"), max: new Date("2027-01-01"), noInvalidDate: true }),
        (timezone, weekday, hour, minute, at) => {
          const schedule: Schedule = {
            weekday,
            timezone,
            timeOfDay: `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`,
          };
          const latest = latestOccurrence(schedule, at);
          const next = nextOccurrence(schedule, at);
          expect(latest.getTime()).toBeLessThanOrEqual(at.getTime());
          expect(next.getTime()).toBeGreaterThan(at.getTime());
          const hours = (next.getTime() - latest.getTime()) / 3_600_000;
          expect(hours).toBeGreaterThanOrEqual(166);
          expect(hours).toBeLessThanOrEqual(170);
          expect(DateTime.fromJSDate(latest, { zone: timezone }).weekday % 7).toBe(weekday);
          // Consecutive occurrences fall in consecutive ISO weeks: one key per week.
          expect(periodKeyFor(next, timezone)).not.toBe(periodKeyFor(latest, timezone));
          expect(latestOccurrence(schedule, new Date(next.getTime() - 1)).getTime()).toBe(
            latest.getTime(),
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("period keys and labels", () => {
  it("keys a period by the ISO week of its due time in the subscription's zone", () => {
    const p = currentPeriod(london, new Date("2026-11-25T12:00:00Z"));
    expect(p.key).toBe("2026-W48");
    // Sunday late evening in Sydney is already Monday of the next ISO week there.
    expect(periodKeyFor(new Date("2026-11-29T14:00:00Z"), "Australia/Sydney")).toBe("2026-W49");
    expect(periodKeyFor(new Date("2026-11-29T14:00:00Z"), "UTC")).toBe("2026-W48");
  });

  it("describes schedules and windows for people", () => {
    expect(describeSchedule(london)).toBe("Monday 09:00 (Europe/London)");
    expect(
      describeWindow(
        new Date("2026-11-16T09:00:00Z"),
        new Date("2026-11-23T09:00:00Z"),
        "Europe/London",
      ),
    ).toBe("Nov 16 – Nov 23, 2026");
    expect(
      describeWindow(new Date("2026-12-28T09:00:00Z"), new Date("2027-01-04T09:00:00Z"), "UTC"),
    ).toBe("Dec 28, 2026 – Jan 4, 2027");
  });
});
