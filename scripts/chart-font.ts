import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import subsetFont from "subset-font";
import { CHART_FONT_RANGES } from "../src/digest/chart-font.js";

/**
 * `npm run chart-font`: writes src/digest/fonts/Inter-chart.ttf, Inter Regular from
 * @expo-google-fonts/inter cut to the characters a digest chart can show. Outlines, metrics and
 * kerning of those characters are Inter's own (hb-subset copies them), so a chart drawn with it
 * is pixel-identical to one drawn with the whole font (test/digest/chart-font.test.ts); it is a
 * sixth of the size, which matters because resvg reads the font file again for every label it
 * shapes. Run it again after upgrading the font package.
 */

/**
 * The features harfbuzz (and so resvg's rustybuzz) applies without being asked; the others
 * (stylistic sets, tabular figures, …) are only used when an SVG asks, and vega's never does.
 */
const DEFAULT_FEATURES = [
  "abvm",
  "blwm",
  "calt",
  "ccmp",
  "clig",
  "curs",
  "dist",
  "kern",
  "liga",
  "locl",
  "ltra",
  "ltrm",
  "mark",
  "mkmk",
  "rclt",
  "rlig",
  "rvrn",
];

const require = createRequire(import.meta.url);
const source = readFileSync(
  require.resolve("@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf"),
);
let text = "";
for (const [from, to] of CHART_FONT_RANGES) {
  for (let code = from; code <= to; code++) text += String.fromCodePoint(code);
}
const subset = await subsetFont(source, text, {
  targetFormat: "truetype",
  keepFeatures: DEFAULT_FEATURES,
});
const out = fileURLToPath(new URL("../src/digest/fonts/Inter-chart.ttf", import.meta.url));
writeFileSync(out, subset);
process.stdout.write(`${out}: ${subset.length} bytes (whole font ${source.length})\n`);
