import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

/**
 * Which Inter file resvg draws a chart's labels with. resvg-js reads the whole font file again
 * each time it shapes a label (about 250 reads of 342 KB per chart with the full Inter: half of
 * resvg's time per chart), so charts use Inter cut to the characters they can show
 * (fonts/Inter-chart.ttf, written by `npm run chart-font`, 51 KB, pixel-identical output). A
 * chart with any other character (a month label in a locale outside Latin script) gets the
 * whole font, so nothing is ever drawn without its glyph.
 */

/**
 * Code point ranges in fonts/Inter-chart.ttf: Latin-1, Latin Extended-A (less the deprecated
 * ŉ, which the cut font draws differently), general punctuation, minus.
 */
export const CHART_FONT_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x20, 0x7e],
  [0xa0, 0x148],
  [0x14a, 0x17f],
  [0x2010, 0x2027],
  [0x2212, 0x2212],
];

const COVERED = new RegExp(
  `^[\\s${CHART_FONT_RANGES.map(([a, b]) => `\\u{${a.toString(16)}}-\\u{${b.toString(16)}}`).join("")}]*$`,
  "u",
);

const require = createRequire(import.meta.url);
export const FULL_FONT_FILE = require.resolve(
  "@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf",
);
export const CHART_FONT_FILE = fileURLToPath(new URL("./fonts/Inter-chart.ttf", import.meta.url));

/** The cut font when it has every character of the SVG (markup included), else the whole one. */
export function fontFileFor(svg: string): string {
  return COVERED.test(svg) ? CHART_FONT_FILE : FULL_FONT_FILE;
}
