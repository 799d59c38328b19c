import { type FeatureName, type FeatureResult, per } from "./features.js";
import weights from "./weights.json" with { type: "json" };

/**
 * The answer model, fitted by `npm run train` (bench/train.ts) on the labelled answers named in
 * `weights.json`: a ridge regression from standardised inputs to the answer's tier on a
 * 0 (weak) … 3 (exceptional) scale, then a linear calibration fitted on cross-validated
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
  /** tier = a + b · raw estimate, fitted on out-of-fold estimates. */
  calibration: { a: number; b: number };
}

/** The technical model (hard cases) and the behavioural one (MIT interviews), see train.ts. */
export const answerModel = weights.model as AnswerModel;
export const behaviouralModel =
  (weights as { behavioural?: AnswerModel }).behavioural ?? answerModel;

export function modelFor(behavioural: boolean): AnswerModel {
  return behavioural ? behaviouralModel : answerModel;
}

/** The raw (uncalibrated) estimate and each named feature's pull on it, in tier units. */
export function explain(
  input: Pick<FeatureResult, "features" | "counts" | "words">,
  model: AnswerModel = answerModel,
): { raw: number; pulls: Map<string, number>; wordPull: number } {
  const pulls = new Map<string, number>();
  let raw = model.intercept;
  model.features.forEach((name, j) => {
    const z = (input.features[name as FeatureName] - (model.mean[j] ?? 0)) / (model.scale[j] || 1);
    const pull = (model.coef[j] ?? 0) * z;
    pulls.set(name, pull);
    raw += pull;
  });
  let wordPull = 0;
  model.words.forEach((word, j) => {
    const rate = per(input.counts.get(word) ?? 0, input.words);
    wordPull +=
      ((model.wordCoef[j] ?? 0) * (rate - (model.wordMean[j] ?? 0))) / (model.wordScale[j] || 1);
  });
  return { raw: raw + wordPull, pulls, wordPull };
}

/** Estimated tier of one answer on the 0–3 scale, calibrated (not clamped). */
export function predictTier(
  input: Pick<FeatureResult, "features" | "counts" | "words">,
  model: AnswerModel = answerModel,
): number {
  return model.calibration.a + model.calibration.b * explain(input, model).raw;
}

/** The 0–3 tier scale as a 0–100 score: each tier owns a quarter, its middle at 12.5 + 25·t. */
export function tierToScore(tier: number): number {
  return Math.min(100, Math.max(0, 12.5 + 25 * tier));
}
