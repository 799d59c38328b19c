/**
 * `npm run eval`: how well the scorer tracks human judgement, next to two baselines, in one
 * run. Writes bench/EVAL.md. The hard-case and MIT parts run only when ../shared/benchmarks
 * is present (they say so when skipped).
 *
 * What is fitted, and on what: the technical answer model (src/scoring/weights.json) is
 * fitted by `npm run train` on the hard cases' per-answer tiers and the seed file's candidate
 * tiers; the behavioural model on the MIT ratings. So every headline figure is nested
 * cross-validation (the whole training, vocabulary and calibration included, rerun without the
 * held-out part): leave-one-role-out on the hard cases, leave-one-candidate-out on the seed,
 * grouped by student on MIT. The shipped model's figures are shown too, labelled as
 * training-set figures.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { tierToScore } from "../src/scoring/answer-model.js";
import type { AnswerDetail } from "../src/scoring/index.js";
import {
  confidenceFrom,
  gateTier,
  LOW_CONFIDENCE,
  SCORER_VERSION,
  type ScoredCandidate,
  TIER_RULE,
  tierFor,
} from "../src/scoring/index.js";
import weights from "../src/scoring/weights.json" with { type: "json" };
import { type Candidate, type Tier, tiers } from "../src/transcript/index.js";
import { mdTable } from "./harness.js";
import {
  type HardCandidate,
  hardCasesPresent,
  hardDir,
  loadHardCases,
  loadMit,
  loadSeed,
  mitDir,
  mitPresent,
  root,
  type SeedRow,
  tierIndex,
} from "./labelled.js";
import { BEHAVIOURAL_TRAINING, crossValidated, mitSamples, technicalSamples } from "./train.js";

export function ranks(values: number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(values.length).fill(0);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]?.[0] === order[i]?.[0]) j++;
    for (let k = i; k <= j; k++) out[order[k]?.[1] as number] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return out;
}

export function pearson(a: number[], b: number[]): number {
  const n = a.length;
  if (a.some(Number.isNaN) || b.some(Number.isNaN)) return Number.NaN;
  const ma = a.reduce((s, x) => s + x, 0) / n;
  const mb = b.reduce((s, x) => s + x, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = (a[i] as number) - ma;
    const db = (b[i] as number) - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return saa === 0 || sbb === 0 ? Number.NaN : sab / Math.sqrt(saa * sbb);
}

export function spearman(a: number[], b: number[]): number {
  if (a.some(Number.isNaN) || b.some(Number.isNaN)) return Number.NaN;
  return pearson(ranks(a), ranks(b));
}

/** Kendall's tau-b, which handles the many ties of a four-level tier scale. */
export function kendall(a: number[], b: number[]): number {
  let concordant = 0;
  let discordant = 0;
  let tiesA = 0;
  let tiesB = 0;
  for (let i = 0; i < a.length; i++)
    for (let j = i + 1; j < a.length; j++) {
      const da = Math.sign((a[i] as number) - (a[j] as number));
      const db = Math.sign((b[i] as number) - (b[j] as number));
      if (da === 0 && db === 0) continue;
      if (da === 0) tiesA++;
      else if (db === 0) tiesB++;
      else if (da === db) concordant++;
      else discordant++;
    }
  const denom = Math.sqrt((concordant + discordant + tiesA) * (concordant + discordant + tiesB));
  return denom === 0 ? Number.NaN : (concordant - discordant) / denom;
}

function stdev(values: number[]): number {
  if (values.length < 2) return 0;
  const mean = values.reduce((s, x) => s + x, 0) / values.length;
  return Math.sqrt(values.reduce((s, x) => s + (x - mean) ** 2, 0) / values.length);
}

const fmt = (x: number) => (Number.isNaN(x) ? "n/a" : x.toFixed(2));
const pct = (a: number, b: number) => `${a}/${b} (${Math.round((100 * a) / Math.max(1, b))}%)`;

/** Baseline 1: the interviewer tool's own mean "Relevance Score" (NaN when the format has none). */
function meanSourceRelevance(c: Candidate): number {
  const values = c.answers.map((a) => a.sourceRelevance).filter((v): v is number => v !== null);
  return values.length === 0 ? Number.NaN : values.reduce((s, v) => s + v, 0) / values.length;
}

/** Baseline 2: words per answer. */
function wordsPerAnswer(c: Candidate): number {
  const words = c.answers.reduce((s, a) => s + a.answer.split(/\s+/).filter(Boolean).length, 0);
  return c.answers.length === 0 ? 0 : words / c.answers.length;
}

const tiersUsed = (list: Tier[]) =>
  tiers.map((t) => `${t} ${list.filter((x) => x === t).length}`).join(", ");

function tierAgreement(predicted: Tier[], truth: Tier[]) {
  let exact = 0;
  let within = 0;
  predicted.forEach((p, i) => {
    const d = Math.abs(tierIndex(p) - tierIndex(truth[i] as Tier));
    if (d === 0) exact++;
    if (d <= 1) within++;
  });
  return { exact, within, n: predicted.length };
}

function confusion(predicted: Tier[], truth: Tier[]): string[] {
  return mdTable(
    ["label \\ ours", ...tiers],
    tiers.map((t) => [
      t,
      ...tiers.map((p) => predicted.filter((x, i) => x === p && truth[i] === t).length),
    ]),
  );
}

interface CvCandidate {
  c: HardCandidate;
  score: number;
  tier: Tier;
  confidence: number;
}

/**
 * Each technical training answer's nested cross-validated tier estimate (before the gates),
 * by the answer's features: every hard-case role and every seed candidate is held out in turn.
 */
type CvEstimates = Map<AnswerDetail["features"], number>;

function crossValidatedEstimates(hard: HardCandidate[], seed: SeedRow[]): CvEstimates {
  const { samples, candidateTier } = technicalSamples(hard, seed);
  const cv = crossValidated(samples, candidateTier);
  return new Map(samples.map((s, i) => [s.input as AnswerDetail["features"], cv[i] as number]));
}

/**
 * An answer's cross-validated estimate with the app's gates applied. Behavioural answers (and
 * anything not in training: small talk, empty answers) keep the shipped estimate: the
 * behavioural model is fitted on the MIT set only.
 */
function cvAnswerEstimate(d: AnswerDetail, cv: CvEstimates): number {
  const raw = cv.get(d.features);
  return raw === undefined ? d.tierEstimate : gateTier(raw, d.gate);
}

function hardSection(lines: string[], hard: HardCandidate[], cvEstimates: CvEstimates): void {
  // Per labelled answer: technical answers get their cross-validated estimate; behavioural
  // ones (a few opening questions) the shipped behavioural model's, which never saw this set.
  const cvByAnswer = new Map<AnswerDetail, number>();
  for (const c of hard)
    for (const a of c.answers) cvByAnswer.set(a.detail, cvAnswerEstimate(a.detail, cvEstimates));
  const misaligned = hard.filter((c) => c.answers.length === 0);
  const cv: CvCandidate[] = hard.map((c) => {
    const answerScores = c.answers.map((a) => tierToScore(cvByAnswer.get(a.detail) as number));
    const overall = answerScores.reduce((s, v) => s + v, 0) / Math.max(1, answerScores.length);
    const score = Math.round(overall);
    return {
      c,
      score,
      tier: tierFor(score),
      confidence: confidenceFrom({
        ...c.confidenceInputs,
        overall,
        scoreSpread: stdev(answerScores),
      }),
    };
  });
  const cvGated = hard.flatMap((c) => c.answers.map((a) => cvByAnswer.get(a.detail) as number));
  const answerTruth = hard.flatMap((c) => c.answers.map((a) => tierIndex(a.tier)));
  const behaviouralCount = hard.reduce(
    (n, c) => n + c.answers.filter((a) => a.detail.behavioural).length,
    0,
  );
  const truth = hard.map((c) => c.tier);
  const truthIndex = truth.map(tierIndex);
  const cvAgree = tierAgreement(
    cv.map((x) => x.tier),
    truth,
  );
  const shipped = hard.map((c) => c.scored);
  const shipAgree = tierAgreement(
    shipped.map((s) => s.tier),
    truth,
  );
  const shippedAnswer = hard.flatMap((c) => c.answers.map((a) => a.detail.scored.score));
  const wordsAnswer = hard.flatMap((c) =>
    c.answers.map((a) => a.detail.scored.answer.split(/\s+/).filter(Boolean).length),
  );
  const sourceAnswer = hard.flatMap((c) =>
    c.answers.map((a) => a.detail.scored.sourceRelevance ?? Number.NaN),
  );
  const withSource = sourceAnswer
    .map((v, i) => [v, answerTruth[i] as number] as const)
    .filter(([v]) => !Number.isNaN(v));
  const aiFiles = hard.filter((c) => c.format === "ai-interviewer");

  lines.push(
    `## Hard cases (${hard.length} candidates, ${answerTruth.length} labelled answers, three formats)`,
    "",
    `Headline rows are **nested leave-one-role-out cross-validation**: for each of the 16 roles, the whole training (word list, ridge fit and calibration from inner folds) reruns on the other 15 roles (and the seed file) and scores the held-out pair. ${behaviouralCount} of the answers are behavioural questions, read by the behavioural model, which is fitted on the MIT set only (held out here). "as shipped" is the model in \`src/scoring/weights.json\`, fitted on all of this set and the seed: a training-set figure, shown only for comparison.`,
    "",
    ...mdTable(
      ["method", "Spearman vs tier", "Kendall τ-b", "exact tier", "within one tier", "tiers used"],
      [
        [
          "**ours, cross-validated**",
          fmt(
            spearman(
              cv.map((x) => x.score),
              truthIndex,
            ),
          ),
          fmt(
            kendall(
              cv.map((x) => x.score),
              truthIndex,
            ),
          ),
          pct(cvAgree.exact, cvAgree.n),
          pct(cvAgree.within, cvAgree.n),
          tiersUsed(cv.map((x) => x.tier)),
        ],
        [
          "ours as shipped (training set)",
          fmt(
            spearman(
              shipped.map((s) => s.score),
              truthIndex,
            ),
          ),
          fmt(
            kendall(
              shipped.map((s) => s.score),
              truthIndex,
            ),
          ),
          pct(shipAgree.exact, shipAgree.n),
          pct(shipAgree.within, shipAgree.n),
          tiersUsed(shipped.map((s) => s.tier)),
        ],
        [
          "words per answer",
          fmt(spearman(shipped.map(wordsPerAnswer), truthIndex)),
          fmt(kendall(shipped.map(wordsPerAnswer), truthIndex)),
          "—",
          "—",
          "—",
        ],
        [
          `source mean relevance (${aiFiles.length} AI-interviewer candidates)`,
          fmt(
            spearman(
              aiFiles.map((c) => meanSourceRelevance(c.scored)),
              aiFiles.map((c) => tierIndex(c.tier)),
            ),
          ),
          "—",
          "—",
          "—",
          "—",
        ],
      ],
    ),
    "",
    `Targets (issue #12): Spearman ≥ 0.85, exact ≥ 60%, within one ≥ 95%, per-answer Spearman ≥ 0.70, every tier used, every hard case but precise_but_wrong within one tier.${misaligned.length > 0 ? ` ${misaligned.length} candidates' answers could not be matched to their labels and are left out of the per-answer figures.` : ""}`,
    "",
    "### Per answer",
    "",
    ...mdTable(
      ["method", "Spearman vs answer tier", "answers"],
      [
        [
          "**ours, cross-validated**",
          fmt(spearman(cvGated, answerTruth)),
          String(answerTruth.length),
        ],
        [
          "ours as shipped (training set)",
          fmt(spearman(shippedAnswer, answerTruth)),
          String(answerTruth.length),
        ],
        [
          "words in the answer",
          fmt(spearman(wordsAnswer, answerTruth)),
          String(answerTruth.length),
        ],
        [
          "source Relevance Score",
          fmt(
            spearman(
              withSource.map((x) => x[0]),
              withSource.map((x) => x[1]),
            ),
          ),
          String(withSource.length),
        ],
      ],
    ),
    "",
    "### By format (cross-validated)",
    "",
    ...mdTable(
      ["format", "candidates", "Spearman vs tier", "exact", "within one"],
      [...new Set(hard.map((c) => c.format))].map((format) => {
        const rows = cv.filter((x) => x.c.format === format);
        const agree = tierAgreement(
          rows.map((x) => x.tier),
          rows.map((x) => x.c.tier),
        );
        return [
          format,
          String(rows.length),
          fmt(
            spearman(
              rows.map((x) => x.score),
              rows.map((x) => tierIndex(x.c.tier)),
            ),
          ),
          pct(agree.exact, agree.n),
          pct(agree.within, agree.n),
        ];
      }),
    ),
    "",
    "### Confusion matrix (cross-validated tiers)",
    "",
    ...confusion(
      cv.map((x) => x.tier),
      truth,
    ),
    "",
    "### Confidence against accuracy (cross-validated)",
    "",
    "`confidence` is the estimated chance that the tier is exactly right (the score's distance from the tier's edges against the model's cross-validated error and the spread of the answers), lowered for short, garbled, non-English or interviewer-dominated interviews. If it means what it says, each band's exact share sits near its mean confidence:",
    "",
    ...mdTable(
      ["confidence", "candidates", "mean confidence", "exact tier", "within one"],
      [
        [`< ${LOW_CONFIDENCE} (card says: read the transcript)`, (x: number) => x < LOW_CONFIDENCE],
        [`${LOW_CONFIDENCE} – 0.6`, (x: number) => x >= LOW_CONFIDENCE && x < 0.6],
        ["≥ 0.6", (x: number) => x >= 0.6],
      ].map(([label, test]) => {
        const rows = cv.filter((x) => (test as (v: number) => boolean)(x.confidence));
        const agree = tierAgreement(
          rows.map((x) => x.tier),
          rows.map((x) => x.c.tier),
        );
        const mean = rows.reduce((a, x) => a + x.confidence, 0) / Math.max(1, rows.length);
        return [
          label as string,
          String(rows.length),
          rows.length === 0 ? "—" : mean.toFixed(2),
          pct(agree.exact, agree.n),
          pct(agree.within, agree.n),
        ];
      }),
    ),
    "",
    "### The named hard cases",
    "",
    ...mdTable(
      [
        "candidate",
        "hard case",
        "label",
        "ours (CV)",
        "ours as shipped",
        "the reason we gave (shipped)",
      ],
      cv
        .filter((x) => x.c.hardCase.length > 0)
        .sort((a, b) => a.c.hardCase.localeCompare(b.c.hardCase))
        .map((x) => {
          const ok = Math.abs(tierIndex(x.tier) - tierIndex(x.c.tier)) <= 1 ? "" : " ✗";
          const why =
            (x.c.scored.tier === "weak" || x.c.scored.tier === "average"
              ? x.c.scored.concerns[0]
              : x.c.scored.strengths[0]) ??
            x.c.scored.concerns[0] ??
            "—";
          return [
            x.c.name,
            x.c.hardCase,
            x.c.tier,
            `${x.tier} (${x.score})${ok}`,
            `${x.c.scored.tier} (${x.c.scored.score})`,
            why.replace(/\|/g, "/"),
          ];
        }),
    ),
    "",
  );
}

/** A candidate's score from their answers' cross-validated estimates, as the app averages them. */
function cvCandidateScore(details: AnswerDetail[], cv: CvEstimates): number {
  const scores = details
    .filter((d) => d.counted)
    .map((d) => (d.empty ? 0 : tierToScore(cvAnswerEstimate(d, cv))));
  return scores.length === 0 ? 0 : Math.round(scores.reduce((s, v) => s + v, 0) / scores.length);
}

function seedSection(lines: string[], seed: SeedRow[], cvEstimates: CvEstimates | undefined): void {
  const scored = seed.map((r) => r.scored);
  const truth = seed.map((r) => tierIndex(r.tier));
  const truthTiers = seed.map((r) => r.tier);
  const shipAgree = tierAgreement(
    scored.map((s) => s.tier),
    truthTiers,
  );
  const cvScores = cvEstimates ? seed.map((r) => cvCandidateScore(r.details, cvEstimates)) : [];
  const cvTiers = cvScores.map(tierFor);
  const cvAgree = tierAgreement(cvTiers, truthTiers);
  const row = (label: string, scores: number[], agree: { exact: number; n: number }) => [
    label,
    fmt(spearman(scores, truth)),
    fmt(kendall(scores, truth)),
    pct(agree.exact, agree.n),
  ];
  lines.push(
    "## seeds/interview-examples.txt (8 candidates, tiers given by the file)",
    "",
    cvEstimates
      ? "The seed's answers are in the training set (each labelled with its candidate's tier). The headline row is **nested leave-one-candidate-out**: each seed candidate (a role of their own) is held out of the word list, the ridge fit and the calibration in turn. \"as shipped\" is a training-set figure."
      : "The hard cases are not present, so nothing was cross-validated: the shipped model's figures only (the seed's answers are in its training set).",
    "",
    ...mdTable(
      ["method", "Spearman vs tier", "Kendall τ-b vs tier", "exact tier"],
      [
        ...(cvEstimates ? [row("**ours, cross-validated**", cvScores, cvAgree)] : []),
        row(
          "ours as shipped (training set)",
          scored.map((s) => s.score),
          shipAgree,
        ),
        [
          "source mean relevance",
          fmt(spearman(scored.map(meanSourceRelevance), truth)),
          fmt(kendall(scored.map(meanSourceRelevance), truth)),
          "—",
        ],
        [
          "words per answer",
          fmt(spearman(scored.map(wordsPerAnswer), truth)),
          fmt(kendall(scored.map(wordsPerAnswer), truth)),
          "—",
        ],
      ],
    ),
    "",
    "Targets (issue #12): Spearman ≥ 0.9, at least 7/8 exact.",
    "",
    ...mdTable(
      [
        "candidate",
        "file tier",
        ...(cvEstimates ? ["ours (CV)"] : []),
        "ours as shipped",
        "confidence",
        "flags",
      ],
      scored.map((c: ScoredCandidate, i) => [
        c.name,
        c.sourceTier ?? "-",
        ...(cvEstimates ? [`${cvTiers[i]} (${cvScores[i]})`] : []),
        `${c.tier} (${c.score})`,
        c.confidence.toFixed(2),
        c.flags.map((f) => f.kind).join(", ") || "-",
      ]),
    ),
    "",
  );
}

function mitSection(lines: string[]): void {
  if (!mitPresent()) {
    const message = `MIT interviews skipped: ${mitDir} is not present.`;
    console.warn(message);
    lines.push("## MIT interviews", "", message, "");
    return;
  }
  const rows = loadMit();
  // Grouped cross-validation: the behavioural model refitted without each tenth of the
  // students (a student's two interviews always together); technical answers keep the
  // shipped technical model, which never saw this set.
  const { samples, candidateTier } = mitSamples();
  const cvBehavioural = crossValidated(samples, candidateTier, BEHAVIOURAL_TRAINING);
  const cvScore = new Map<string, number>();
  let next = 0;
  for (const r of rows) {
    const counted = r.details.filter((d) => d.counted);
    const scores = counted.map((d) =>
      tierToScore(
        d.empty
          ? 0
          : d.behavioural
            ? gateTier(cvBehavioural[next++] as number, d.gate)
            : d.tierEstimate,
      ),
    );
    cvScore.set(
      r.code,
      scores.length === 0 ? 0 : scores.reduce((a, v) => a + v, 0) / scores.length,
    );
  }
  const methods: [string, (r: (typeof rows)[number]) => number][] = [
    ["**ours, cross-validated (grouped by student)**", (r) => cvScore.get(r.code) ?? 0],
    ["ours as shipped (training set)", (r) => r.scored.score],
    ["words per answer", (r) => wordsPerAnswer(r.scored)],
  ];
  const overall = rows.map((r) => r.overall);
  const recommend = rows.map((r) => r.recommend);
  const odd = rows.filter((r) => r.person % 2 === 1);
  const even = rows.filter((r) => r.person % 2 === 0);
  lines.push(
    `## MIT interviews (${rows.length} interviews, ${new Set(rows.map((r) => r.person)).size} students; human ratings; the behavioural model is fitted on this set)`,
    "",
    ...mdTable(
      [
        "method",
        "Pearson overall",
        "Spearman overall",
        "Pearson recommend_hiring",
        "Pearson overall, odd students",
        "Pearson overall, even students",
      ],
      methods.map(([name, f]) => {
        const values = rows.map(f);
        return [
          name,
          fmt(pearson(values, overall)),
          fmt(spearman(values, overall)),
          fmt(pearson(values, recommend)),
          fmt(
            pearson(
              odd.map(f),
              odd.map((r) => r.overall),
            ),
          ),
          fmt(
            pearson(
              even.map(f),
              even.map((r) => r.overall),
            ),
          ),
        ];
      }),
    ),
    "",
    `The raters watched video, so part of what they rated (voice, face) is invisible to a text scorer. Tiers given: ${tiersUsed(rows.map((r) => r.scored.tier))}.`,
    "",
  );
}

function main(): void {
  const lines = [
    "# Scorer evaluation",
    "",
    `Scorer ${SCORER_VERSION}. Written by \`npm run eval\` (bench/eval.ts) on ${new Date().toISOString().slice(0, 10)}. The answer model is fitted by \`npm run train\` on ${weights.samples} answers (${weights.source}; ridge λ=${weights.training.lambda}, ${weights.model.features.length} named features and ${weights.model.words.length} common words). Tier cut points: weak < ${TIER_RULE.average} ≤ average < ${TIER_RULE.strong} ≤ strong < ${TIER_RULE.exceptional} ≤ exceptional, on the calibrated scale.`,
    "",
  ];
  const seed = loadSeed();
  if (hardCasesPresent()) {
    const hard = loadHardCases();
    const cv = crossValidatedEstimates(hard, seed);
    hardSection(lines, hard, cv);
    seedSection(lines, seed, cv);
  } else {
    const message = `Hard cases skipped: ${hardDir} is not present.`;
    console.warn(message);
    lines.push("## Hard cases", "", message, "");
    seedSection(lines, seed, undefined);
  }
  mitSection(lines);
  const out = `${lines.join("\n")}\n`;
  writeFileSync(path.join(root, "bench", "EVAL.md"), out);
  console.log(out);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) main();
