import type * as Vega from "vega";
import type { TopLevelSpec } from "vega-lite";
import type { Tier } from "../transcript/model.js";
import type { ChartData } from "./chart-data.js";
import { fontFileFor } from "./chart-font.js";
import { encodeOpaquePng } from "./png.js";

/**
 * The digest chart, rendered on the server: a Vega-Lite spec (stacked bars of candidates per
 * tier over the last periods, next to the current period's score bands) → SVG with vega's
 * headless renderer → PNG with resvg. No browser, no canvas, no network: the font is Inter from
 * the @expo-google-fonts/inter package (cut to the characters charts use, see chart-font.ts),
 * never a system font, so the picture is the same on every machine (the golden test relies on
 * it).
 *
 * The spec is compiled and parsed once; one vega View is kept and given new data per chart,
 * since building a View costs more than drawing. Renders are queued so two callers never share
 * the View at once. vega, vega-lite and resvg are imported on the first chart, not at start-up
 * (together they take seconds to load, which the Slack app should not wait for).
 */

const FONT = "Inter";

/** The tier colours: Slack's emoji colours of the tier badges, darkened for white ground. */
export const TIER_COLOURS: Record<Tier, string> = {
  weak: "#d64541",
  average: "#e3a21a",
  strong: "#2e9e5b",
  exceptional: "#3b6fd8",
};
const TIER_ORDER: Tier[] = ["weak", "average", "strong", "exceptional"];

const colour = {
  field: "tier",
  type: "nominal",
  title: null,
  scale: { domain: TIER_ORDER, range: TIER_ORDER.map((t) => TIER_COLOURS[t]) },
  legend: { orient: "top", direction: "horizontal", labelFontSize: 11, symbolType: "square" },
} as const;

export const chartSpec: TopLevelSpec = {
  $schema: "https://vega.github.io/schema/vega-lite/v6.json",
  background: "white",
  padding: 10,
  // One legend for both views: they share the tier colours.
  resolve: { scale: { color: "shared" }, legend: { color: "shared" } },
  config: {
    font: FONT,
    view: { stroke: null },
    axis: { labelFontSize: 11, titleFontSize: 11, titleFontWeight: "normal", grid: false },
    title: { fontSize: 13, fontWeight: "normal", anchor: "start" },
  },
  hconcat: [
    {
      title: "Candidates per tier",
      width: 340,
      height: 180,
      data: { name: "periods" },
      mark: { type: "bar" },
      encoding: {
        x: {
          field: "label",
          type: "ordinal",
          sort: { field: "order" },
          title: null,
          axis: { labelAngle: 0 },
        },
        y: {
          field: "count",
          type: "quantitative",
          aggregate: "sum",
          title: "candidates",
          axis: { tickMinStep: 1, format: "d" },
        },
        color: colour,
        order: { field: "rank" },
      },
    },
    {
      title: "Scores this period",
      width: 200,
      height: 180,
      data: { name: "scores" },
      mark: { type: "bar" },
      encoding: {
        x: {
          field: "label",
          type: "ordinal",
          sort: { field: "order" },
          title: "score",
          axis: { labelAngle: -40 },
        },
        y: {
          field: "count",
          type: "quantitative",
          title: "candidates",
          axis: { tickMinStep: 1, format: "d" },
        },
        color: colour,
      },
    },
  ],
} as TopLevelSpec;

let vegaModule: typeof Vega | undefined;
let view: Vega.View | undefined;
let queue: Promise<unknown> = Promise.resolve();

async function theView(): Promise<{ vega: typeof Vega; view: Vega.View }> {
  if (!vegaModule || !view) {
    const [vega, { compile }] = await Promise.all([import("vega"), import("vega-lite")]);
    vegaModule = vega;
    view = new vega.View(vega.parse(compile(chartSpec).spec), { renderer: "none" });
  }
  return { vega: vegaModule, view };
}

/** Vega's data tables for the chart. */
export function chartValues(data: ChartData): {
  periods: Record<string, unknown>[];
  scores: Record<string, unknown>[];
} {
  return {
    periods: data.periods.flatMap((p, order) =>
      TIER_ORDER.map((tier, rank) => ({
        label: p.label,
        order,
        tier,
        rank,
        count: p.counts[tier],
      })),
    ),
    scores: data.scores.map((s, order) => ({ ...s, order })),
  };
}

/** The chart as SVG text (also what the snapshot test pins). */
export function renderChartSvg(data: ChartData): Promise<string> {
  const values = chartValues(data);
  const run = queue.then(async () => {
    const { vega, view: v } = await theView();
    v.change(
      "periods",
      vega
        .changeset()
        .remove(() => true)
        .insert(values.periods),
    );
    v.change(
      "scores",
      vega
        .changeset()
        .remove(() => true)
        .insert(values.scores),
    );
    await v.runAsync();
    return v.toSVG();
  });
  queue = run.catch(() => {});
  return run;
}

/**
 * SVG → PNG at the SVG's own size, with the bundled font only (no system font scan). Drawing
 * and compressing run on libuv's thread pool (`renderAsync`, then zlib), so a chart neither
 * blocks the event loop the Slack listeners share nor stops the next chart's SVG from being
 * built meanwhile.
 */
export async function svgToPng(svg: string): Promise<Buffer> {
  const { renderAsync } = await import("@resvg/resvg-js");
  const image = await renderAsync(svg, {
    font: {
      loadSystemFonts: false,
      fontFiles: [fontFileFor(svg)],
      defaultFontFamily: FONT,
      sansSerifFamily: FONT,
    },
    // Also what makes every pixel opaque, which the PNG encoder relies on.
    background: "white",
  });
  return encodeOpaquePng(image.width, image.height, image.pixels);
}

export async function renderChartPng(data: ChartData): Promise<{ png: Buffer; svg: string }> {
  const svg = await renderChartSvg(data);
  return { png: await svgToPng(svg), svg };
}
