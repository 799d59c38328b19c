import { readFileSync } from "node:fs";
import pixelmatch from "pixelmatch";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { buildChartData, CHART_PERIODS, describeChart } from "../../src/digest/chart-data.js";
import {
  CHART_FONT_FILE,
  CHART_FONT_RANGES,
  FULL_FONT_FILE,
  fontFileFor,
} from "../../src/digest/chart-font.js";
import { renderChartPng, renderChartSvg } from "../../src/digest/chart-render.js";
import { CHART_END, CHART_START, fixtureChart, fixtureRows } from "./chart-fixture.js";

const golden = PNG.sync.read(
  readFileSync(new URL("../fixtures/digest/chart.golden.png", import.meta.url)),
);

/** Pixels differing beyond anti-aliasing noise, as a share of the image. */
function differingShare(png: Buffer): number {
  const actual = PNG.sync.read(png);
  if (actual.width !== golden.width || actual.height !== golden.height) return 1;
  const diff = pixelmatch(actual.data, golden.data, null, golden.width, golden.height, {
    threshold: 0.1,
  });
  return diff / (golden.width * golden.height);
}

/** Up to 0.5% of pixels may differ: font hinting and anti-aliasing, not a changed chart. */
const TOLERANCE = 0.005;

describe("digest chart rendering", () => {
  it("draws the golden image (pixel tolerance) from the fixture history", async () => {
    const { png } = await renderChartPng(fixtureChart());
    expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
    expect(differingShare(png)).toBeLessThanOrEqual(TOLERANCE);
  });

  it("notices when the picture changes", async () => {
    const { png } = await renderChartPng(fixtureChart(fixtureRows(60, 13)));
    expect(differingShare(png)).toBeGreaterThan(TOLERANCE);
  });

  it("keeps the SVG stable", async () => {
    const svg = await renderChartSvg(fixtureChart());
    await expect(svg).toMatchFileSnapshot("__snapshots__/chart.svg");
  });

  it("renders concurrent charts each from its own data", async () => {
    const [a, b] = await Promise.all([
      renderChartSvg(fixtureChart()),
      renderChartSvg(fixtureChart(fixtureRows(60, 13))),
    ]);
    expect(a).toBe(await renderChartSvg(fixtureChart()));
    expect(a).not.toBe(b);
  });
});

describe("chart font and PNG encoding", () => {
  /** resvg's own pixels and PNG for an SVG drawn with one font file. */
  async function draw(svg: string, fontFile: string) {
    const { Resvg } = await import("@resvg/resvg-js");
    const image = new Resvg(svg, {
      font: { loadSystemFonts: false, fontFiles: [fontFile], defaultFontFamily: "Inter" },
      background: "white",
    }).render();
    return { pixels: image.pixels, png: image.asPng() };
  }

  it("draws every character of the cut font exactly as the whole Inter does", async () => {
    let all = "";
    for (const [from, to] of CHART_FONT_RANGES) {
      for (let code = from; code <= to; code++) all += String.fromCodePoint(code);
    }
    const lines = (all.match(/.{1,40}/gsu) ?? []).map(
      (line, i) =>
        `<text x="4" y="${14 + i * 15}" font-family="Inter" font-size="11px">${line
          .replaceAll("&", "&amp;")
          .replaceAll("<", "&lt;")}</text>`,
    );
    const sample = `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="${20 + lines.length * 15}">${lines.join("")}</svg>`;
    for (const svg of [sample, await renderChartSvg(fixtureChart())]) {
      expect(fontFileFor(svg)).toBe(CHART_FONT_FILE);
      const [cut, whole] = await Promise.all([
        draw(svg, CHART_FONT_FILE),
        draw(svg, FULL_FONT_FILE),
      ]);
      expect(cut.pixels.equals(whole.pixels)).toBe(true);
    }
  });

  it("falls back to the whole font for a character the cut one lacks", () => {
    expect(fontFileFor('<svg><text font-family="Inter">Янв 5</text></svg>')).toBe(FULL_FONT_FILE);
    expect(fontFileFor('<svg><text font-family="Inter">Nov 16</text></svg>')).toBe(CHART_FONT_FILE);
  });

  it("encodes the same pixels resvg's own PNG encoder does", async () => {
    const svg = await renderChartSvg(fixtureChart());
    const ours = PNG.sync.read((await renderChartPng(fixtureChart())).png);
    const theirs = PNG.sync.read((await draw(svg, FULL_FONT_FILE)).png);
    expect([ours.width, ours.height]).toEqual([theirs.width, theirs.height]);
    expect(ours.data.equals(theirs.data)).toBe(true);
  });
});

describe("chart data and alt text", () => {
  const data = fixtureChart();

  it("counts each candidate once per period, in the subscriber's zone, and bands the scores", () => {
    expect(data.periods).toHaveLength(CHART_PERIODS);
    expect(data.periods.at(-1)?.label).toBe("Nov 16");
    expect(data.periods.at(-1)?.end).toEqual(CHART_END);
    const total = data.periods.reduce(
      (sum, p) => sum + Object.values(p.counts).reduce((a, b) => a + b, 0),
      0,
    );
    expect(total).toBe(120);
    expect(data.scores.reduce((s, b) => s + b.count, 0)).toBe(data.current);
    expect(data.scores.map((s) => s.tier)).toEqual([
      "weak",
      "weak",
      "average",
      "average",
      "strong",
      "strong",
      "exceptional",
      "exceptional",
    ]);
  });

  it("applies the subscription's role filter and an override set before the period's end", () => {
    const rows = fixtureRows(8).map((r) => ({
      ...r,
      interviewedAt: new Date(CHART_END.getTime() - 3_600_000),
    }));
    const first = rows[0];
    if (!first) throw new Error("no rows");
    rows[0] = {
      ...first,
      role: "Backend Engineer",
      score: 10,
      tier: "weak",
      override: { tier: "exceptional", reason: "", setBy: "U1", setAt: CHART_START },
    };
    const filtered = buildChartData({
      start: CHART_START,
      end: CHART_END,
      timezone: "UTC",
      role: "backend",
      rows,
    });
    const last = filtered.periods.at(-1);
    expect(filtered.current).toBe(rows.filter((r) => r.role === "Backend Engineer").length);
    const unfiltered = rows.filter(
      (r) => r.role === "Backend Engineer" && r.tier === "exceptional",
    );
    expect(last?.counts.exceptional).toBe(unfiltered.length + 1);
  });

  it("says the same in words", () => {
    const text = describeChart(data);
    const last = data.periods.at(-1);
    expect(text).toMatch(/^Candidates per tier, last 8 periods, by period start: Sep 28: \d+ \(/);
    expect(text).toContain(`Nov 16: ${data.current} (`);
    expect(text).toContain(`${last?.counts.weak} weak`);
    expect(text).toMatch(/Scores this period \(\d+ candidates\): \d+ at 0–12/);
    expect(text.length).toBeLessThan(1000);
  });
});
