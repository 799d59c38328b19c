import { type FeatureName, type FeatureResult, per } from "./features.js";
import weights from "./weights.json" with { type: "json" };

/**
 * The answer model, fitted by `npm run train` (bench/train.ts) on the labelled answers named in
 * `weights.json`: a ridge regression from standardised inputs to the answer's tier on a
 * 0 (weak) … 3 (exceptional) scale, then a calibration fitted on cross-validated
 * predictions so that the scale's tiers are actually reached.
 *
 * Two kinds of input: the named features (features.ts: specificity, mechanisms, vagueness…)
 * and the rates of ordinary English words (Zipf ≥ 3.5, used across many roles) such as
 * "basically", "because", "important", "I'd". The second kind reads how an answer is argued
 * rather than what it is about, which is why it carries over to roles the model never saw.
 */
export interface AnswerModel {
  features: string[];
  mean: number[];
  scale: number[];
  coef: number[];
  words: string[];
  wordMean: number[];
  wordScale: number[];
  wordCoef: number[];
  intercept: number;
  /** From the raw estimate to the 0–3 tier scale, fitted on out-of-fold estimates. */
  calibration: Calibration;
  /**
   * Root mean square distance, in score points, between a candidate's cross-validated score
   * and the middle of their labelled tier: what confidence expects the error to be.
   */
  candidateError?: number;
}

/**
 * `linear`: tier = a + b · raw (the behavioural model, whose labels are a continuous rating).
 * `cuts`: the raw values where one tier meets the next (weak|average, average|strong,
 * strong|exceptional), each mapped to the boundary between them and joined by straight lines,
 * extended past the ends with the neighbouring slope. Least squares pulls both ends towards the
 * middle (almost nobody weak or exceptional); cut points set halfway between the tiers' mean
 * estimates keep the ends reachable without changing the order.
 */
export type Calibration =
  | { kind: "linear"; a: number; b: number }
  | { kind: "cuts"; cuts: [number, number, number] };

export function calibrate(calibration: Calibration, raw: number): number {
  if (calibration.kind === "linear") return calibration.a + calibration.b * raw;
  const [c0, c1, c2] = calibration.cuts;
  if (raw <= c1) return 0.5 + (raw - c0) / (c1 - c0);
  if (raw <= c2 || c2 === c1) return 1.5 + (raw - c1) / (c2 - c1 || 1);
  return 2.5 + (raw - c2) / (c2 - c1);
}

/** The technical model (hard cases) and the behavioural one (MIT interviews), see train.ts. */
export const answerModel = weights.model as unknown as AnswerModel;
export const behaviouralModel =
  (weights as unknown as { behavioural?: AnswerModel }).behavioural ?? answerModel;

export function modelFor(behavioural: boolean): AnswerModel {
  return behavioural ? behaviouralModel : answerModel;
}

/**
 * An input in standard units, cut at ±3: a word the training answers rarely used ("memory" in
 * a question about memory) would otherwise sit twenty deviations out and decide the answer
 * alone. Training standardises the same way (bench/train.ts).
 */
export const Z_LIMIT = 3;
export function standardise(value: number, mean: number, scale: number): number {
  const z = (value - mean) / (scale || 1);
  return Math.max(-Z_LIMIT, Math.min(Z_LIMIT, z));
}

/** The raw (uncalibrated) estimate and each named feature's pull on it, in tier units. */
export function explain(
  input: Pick<FeatureResult, "features" | "counts" | "words">,
  model: AnswerModel = answerModel,
): { raw: number; pulls: Map<string, number>; wordPull: number } {
  const pulls = new Map<string, number>();
  let raw = model.intercept;
  model.features.forEach((name, j) => {
    const z = standardise(
      input.features[name as FeatureName],
      model.mean[j] ?? 0,
      model.scale[j] ?? 1,
    );
    const pull = (model.coef[j] ?? 0) * z;
    pulls.set(name, pull);
    raw += pull;
  });
  // Most of the model's ~500 words are absent from any one answer: start from every word's
  // pull at a rate of 0 and correct it for the words the answer does use.
  const index = wordIndex(model);
  let wordPull = index.absentPull;
  for (const [word, count] of input.counts) {
    const j = index.position.get(word);
    if (j === undefined) continue;
    wordPull += wordTerm(model, j, per(count, input.words)) - wordTerm(model, j, 0);
  }
  return { raw: raw + wordPull, pulls, wordPull };
}

function wordTerm(model: AnswerModel, j: number, rate: number): number {
  return (
    (model.wordCoef[j] ?? 0) * standardise(rate, model.wordMean[j] ?? 0, model.wordScale[j] ?? 1)
  );
}

interface WordIndex {
  position: Map<string, number>;
  /** The sum of every word's pull when the answer does not use it. */
  absentPull: number;
}

const wordIndexes = new WeakMap<AnswerModel, WordIndex>();

function wordIndex(model: AnswerModel): WordIndex {
  let index = wordIndexes.get(model);
  if (index === undefined) {
    const position = new Map<string, number>();
    let absentPull = 0;
    model.words.forEach((word, j) => {
      position.set(word, j);
      absentPull += wordTerm(model, j, 0);
    });
    index = { position, absentPull };
    wordIndexes.set(model, index);
  }
  return index;
}

/** Estimated tier of one answer on the 0–3 scale, calibrated (not clamped). */
export function predictTier(
  input: Pick<FeatureResult, "features" | "counts" | "words">,
  model: AnswerModel = answerModel,
): number {
  return calibrate(model.calibration, explain(input, model).raw);
}

/** The 0–3 tier scale as a 0–100 score: each tier owns a quarter, its middle at 12.5 + 25·t. */
export function tierToScore(tier: number): number {
  return Math.min(100, Math.max(0, 12.5 + 25 * tier));
}
