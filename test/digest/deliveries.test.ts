import { describe, expect, it } from "vitest";
import { windowFor } from "../../src/digest/deliveries.js";

const sub = {
  weekday: 1,
  timeOfDay: "09:00",
  timezone: "UTC",
  activeSince: new Date("2026-01-01T00:00:00Z"),
};
const due = new Date("2026-03-16T09:00:00Z");
const iso = (w: { start: Date; end: Date; previousStart: Date }) => ({
  start: w.start.toISOString(),
  end: w.end.toISOString(),
  previousStart: w.previousStart.toISOString(),
});
const none = { lastPostedEnd: null, firstUnpostedStart: null };

describe("windowFor", () => {
  it("covers the week before the due time, compared with the week before that", () => {
    expect(iso(windowFor(sub, due, none))).toEqual({
      start: "2026-03-09T09:00:00.000Z",
      end: "2026-03-16T09:00:00.000Z",
      previousStart: "2026-03-02T09:00:00.000Z",
    });
  });

  it("reaches back to the last posted digest after missed weeks, up to the cap", () => {
    const lastPostedEnd = new Date("2026-02-23T09:00:00Z");
    expect(windowFor(sub, due, { ...none, lastPostedEnd }).start).toEqual(lastPostedEnd);
    const longAgo = new Date("2025-12-01T09:00:00Z");
    const capped = windowFor({ ...sub, activeSince: new Date("2025-01-01") }, due, {
      ...none,
      lastPostedEnd: longAgo,
    });
    expect(capped.start.toISOString()).toBe("2026-03-09T09:00:00.000Z");
  });

  it("does not reach back over a time the channel was unsubscribed", () => {
    const w = windowFor({ ...sub, activeSince: new Date("2026-03-10T00:00:00Z") }, due, {
      ...none,
      lastPostedEnd: new Date("2026-02-02T09:00:00Z"),
    });
    expect(w.start.toISOString()).toBe("2026-03-09T09:00:00.000Z");
  });

  it("starts where the last digest ended after the schedule moved later in the week", () => {
    // Last digest went out on Wednesday; the channel then moved to Mondays.
    const lastPostedEnd = new Date("2026-03-11T09:00:00Z");
    const w = windowFor(sub, due, { ...none, lastPostedEnd });
    expect(w.start).toEqual(lastPostedEnd);
    expect(w.previousStart.toISOString()).toBe("2026-03-06T09:00:00.000Z");
  });

  it("before any post, starts at the earliest period that was claimed but never posted", () => {
    const firstUnpostedStart = new Date("2026-03-02T09:00:00Z");
    expect(windowFor(sub, due, { ...none, firstUnpostedStart }).start).toEqual(firstUnpostedStart);
  });
});
