import type { DigestRow } from "../../src/digest/build.js";
import { buildChartData, type ChartData } from "../../src/digest/chart-data.js";
import { tiers } from "../../src/transcript/model.js";

/** A fixed, varied 8-week history: the golden image and the SVG snapshot are drawn from it. */
export const CHART_END = new Date("2026-11-23T09:00:00Z");
export const CHART_START = new Date(CHART_END.getTime() - 7 * 86_400_000);

export function fixtureRows(n = 120, salt = 0): DigestRow[] {
  return Array.from({ length: n }, (_, i) => {
    const score = (i * 37 + salt) % 100;
    return {
      interviewId: `i${String(i).padStart(4, "0")}`,
      candidateId: `c${String(i).padStart(4, "0")}`,
      displayName: `Candidate ${i}`,
      role: i % 5 === 0 ? "Data Scientist" : "Backend Engineer",
      score,
      tier: tiers[Math.min(3, Math.floor(score / 25))] as DigestRow["tier"],
      confidence: 0.8,
      reason: "",
      strengths: [],
      concerns: [],
      flags: [],
      interviewedAt: new Date(CHART_END.getTime() - ((i * 7919) % (56 * 24)) * 3_600_000 - 60_000),
      override: null,
    };
  });
}

export function fixtureChart(rows = fixtureRows()): ChartData {
  return buildChartData({
    start: CHART_START,
    end: CHART_END,
    timezone: "Europe/Berlin",
    role: null,
    rows,
  });
}
