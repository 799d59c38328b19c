import { DateTime } from "luxon";
import { type Tier, tiers } from "../transcript/model.js";
import type { DigestRow } from "./build.js";

/**
 * What the digest's chart shows, from plain rows (pure, no clock): candidates per tier in each
 * of the last `CHART_PERIODS` periods (the digest's own period length, ending at its end), and
 * how the current period's scores spread over eight bands of 12.5 points (two per tier, so a
 * band never straddles a tier boundary). A candidate counts once per period, at the tier of
 * their latest interview in it (an override set by the period's end wins), as the digest's
 * own tier counts do.
 */

export const CHART_PERIODS = 8;
const BAND = 12.5;
const BANDS = 8;

export interface ChartData {
  /** Oldest first; `label` is the period's first day in the subscription's time zone. */
  periods: { label: string; start: Date; end: Date; counts: Record<Tier, number> }[];
  /** Eight score bands, lowest first, with their tier. */
  scores: { label: string; tier: Tier; count: number }[];
  /** Candidates in the current period (the last of `periods`). */
  current: number;
  timezone: string;
}

export interface ChartInput {
  /** The digest's reported window [start, end): its length is the period length. */
  start: Date;
  end: Date;
  timezone: string;
  /** Only interviews whose role contains this text (the subscription's filter). */
  role: string | null;
  /** Rows from [chartWindowStart(start, end), end), in any order. */
  rows: DigestRow[];
}

/** Where the chart's rows begin: `CHART_PERIODS` periods back from the end. */
export function chartWindowStart(start: Date, end: Date): Date {
  const length = end.getTime() - start.getTime();
  return new Date(end.getTime() - CHART_PERIODS * length);
}

const emptyCounts = (): Record<Tier, number> => ({
  weak: 0,
  average: 0,
  strong: 0,
  exceptional: 0,
});

function tierAt(row: DigestRow, at: number): Tier {
  return row.override && row.override.setAt.getTime() < at ? row.override.tier : row.tier;
}

export function buildChartData(input: ChartInput): ChartData {
  const endMs = input.end.getTime();
  const length = Math.max(1, endMs - input.start.getTime());
  const role = input.role?.toLocaleLowerCase() ?? null;
  const rows = role
    ? input.rows.filter((r) => (r.role ?? "").toLocaleLowerCase().includes(role))
    : input.rows;

  // Latest interview per (period, candidate).
  const latest = new Map<string, DigestRow>();
  for (const row of rows) {
    const t = row.interviewedAt.getTime();
    const index = CHART_PERIODS - 1 - Math.floor((endMs - 1 - t) / length);
    if (t >= endMs || index < 0) continue;
    const key = `${index}|${row.candidateId}`;
    const seen = latest.get(key);
    if (
      !seen ||
      t - seen.interviewedAt.getTime() > 0 ||
      (t === seen.interviewedAt.getTime() && row.interviewId > seen.interviewId)
    ) {
      latest.set(key, row);
    }
  }

  const periods = Array.from({ length: CHART_PERIODS }, (_, i) => {
    const start = new Date(endMs - (CHART_PERIODS - i) * length);
    return {
      label: DateTime.fromJSDate(start, { zone: input.timezone }).toFormat("LLL d"),
      start,
      end: new Date(start.getTime() + length),
      counts: emptyCounts(),
    };
  });
  const scores = Array.from({ length: BANDS }, (_, i) => ({
    label: `${Math.ceil(i * BAND)}–${i === BANDS - 1 ? 100 : Math.ceil((i + 1) * BAND) - 1}`,
    tier: tiers[Math.floor(i / 2)] as Tier,
    count: 0,
  }));
  let current = 0;
  for (const [key, row] of latest) {
    const index = Number(key.slice(0, key.indexOf("|")));
    const period = periods[index];
    if (!period) continue;
    period.counts[tierAt(row, period.end.getTime())] += 1;
    if (index === CHART_PERIODS - 1) {
      current += 1;
      const band = Math.min(BANDS - 1, Math.max(0, Math.floor(row.score / BAND)));
      (scores[band] as { count: number }).count += 1;
    }
  }
  return { periods, scores, current, timezone: input.timezone };
}

/** The chart in words: the image's alt text, and what a screen reader or a failed load gets. */
export function describeChart(data: ChartData): string {
  const periodLine = data.periods
    .map((p) => {
      const total = tiers.reduce((sum, t) => sum + p.counts[t], 0);
      if (total === 0) return `${p.label}: none`;
      const parts = [...tiers]
        .reverse()
        .filter((t) => p.counts[t] > 0)
        .map((t) => `${p.counts[t]} ${t}`);
      return `${p.label}: ${total} (${parts.join(", ")})`;
    })
    .join("; ");
  const bands = data.scores.filter((s) => s.count > 0).map((s) => `${s.count} at ${s.label}`);
  const scoreLine =
    data.current === 0
      ? "No candidates this period, so no score distribution."
      : `Scores this period (${data.current} candidate${data.current === 1 ? "" : "s"}): ${bands.join(", ")}.`;
  return `Candidates per tier, last ${data.periods.length} periods, by period start: ${periodLine}. ${scoreLine}`;
}
