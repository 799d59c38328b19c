/**
 * `npm run eval -- --scorer llm|blend`: the offline eval's tables (hard cases per candidate, per
 * answer, by format, confusion matrix, the named hard cases; the seed file; the MIT
 * interviews) for the language-model judge on whatever endpoint is configured (LLM_BASE_URL,
 * LLM_MODEL, LLM_API_KEY), next to the offline scorer as shipped, plus what the run cost.
 * Writes bench/EVAL-llm.md with the model's name. Without an endpoint it says so and exits 0.
 *
 * The offline column here is the shipped model, which is fitted on the hard cases (training-set
 * figures); bench/EVAL.md has its cross-validated figures. The judge is not fitted on anything:
 * its figures are held out everywhere. Verdicts are cached in the configured database, so a
 * re-run with the same model and prompt costs nothing.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { getConfig, llmSettings, loadConfig, type ScorerKind } from "../src/config.js";
import { openDb } from "../src/db/client.js";
import { isAppError } from "../src/errors.js";
import { type CandidateJudgement, judgeFor, PROMPT_VERSION } from "../src/llm/index.js";
import { SCORER_VERSION, type ScoredCandidate, TIER_RULE } from "../src/scoring/index.js";
import { parseTranscript, type Tier, tiers } from "../src/transcript/index.js";
import { kendall, spearman } from "./eval.js";
import { mdTable } from "./harness.js";
import {
  hardCasesPresent,
  hardDir,
  loadHardCases,
  loadMit,
  loadSeed,
  mitDir,
  mitPresent,
  root,
  seedFile,
  tierIndex,
} from "./labelled.js";

type Judged = { scored: ScoredCandidate; judgement: CandidateJudgement };

const fmt = (x: number) => (Number.isNaN(x) ? "—" : x.toFixed(2));
const pct = (k: number, n: number) => (n === 0 ? "—" : `${k}/${n} (${Math.round((100 * k) / n)}%)`);

function agreement(predicted: Tier[], truth: Tier[]) {
  let exact = 0;
  let within = 0;
  predicted.forEach((p, i) => {
    const d = Math.abs(tierIndex(p) - tierIndex(truth[i] as Tier));
    if (d === 0) exact++;
    if (d <= 1) within++;
  });
  return { exact, within, n: predicted.length };
}

function tiersUsed(list: Tier[]): string {
  return tiers.map((t) => `${t} ${list.filter((x) => x === t).length}`).join(", ");
}

function pearson(a: number[], b: number[]): number {
  const n = a.length;
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

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      scorer: { type: "string", default: "llm" },
      out: { type: "string" },
      "no-mit": { type: "boolean" },
    },
    strict: true,
  });
  const scorer = values.scorer as ScorerKind;
  if (scorer !== "llm" && scorer !== "blend") {
    console.error(
      "error: --scorer must be llm or blend here (the offline eval is `npm run eval`).",
    );
    return 2;
  }
  const config = process.env.EVAL_ENV_ONLY ? loadConfig(process.env) : getConfig();
  if (!config.LLM_BASE_URL || !config.LLM_MODEL) {
    console.log(
      "No language-model endpoint is configured (set LLM_BASE_URL and LLM_MODEL, and LLM_API_KEY if it needs one); nothing evaluated, bench/EVAL-llm.md left as it is.",
    );
    return 0;
  }
  const settings = llmSettings(config, scorer);
  if (!settings) return 0;
  const handle = await openDb({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  try {
    const judge = judgeFor(config, scorer, { db: handle.db });
    if (!judge) return 0;
    const started = performance.now();
    const judgeOne = async (
      scored: ScoredCandidate,
      counted: boolean[],
      rawText: string,
      format: string,
    ): Promise<Judged> => {
      const result = {
        format: format as "ai-interviewer",
        candidates: [scored],
        warnings: [],
        scorerVersion: SCORER_VERSION,
      };
      const out = await judge.judge({ result, counted: [counted], rawText });
      return {
        scored: out.result.candidates[0] as ScoredCandidate,
        judgement: out.judgements[0] as CandidateJudgement,
      };
    };

    const lines = [
      `# LLM judge evaluation: ${settings.model}`,
      "",
      `Scorer \`${scorer}\` (docs/llm.md), model **${settings.model}** at ${new URL(settings.baseUrl).host}, prompt ${PROMPT_VERSION}, names ${settings.redactNames ? "redacted" : "sent"}. Written by \`npm run eval -- --scorer ${scorer}\` (bench/eval-llm.ts) on ${new Date().toISOString().slice(0, 10)}. The offline column is scorer ${SCORER_VERSION} as shipped: it is fitted on the hard cases, so its hard-case figures are training-set figures (bench/EVAL.md has the cross-validated ones). The judge is fitted on nothing.`,
      "",
    ];
    const all: Judged[] = [];

    if (hardCasesPresent()) {
      const hard = loadHardCases();
      const raw = new Map<string, string>();
      const judged = await Promise.all(
        hard.map((h) => {
          let text = raw.get(h.file);
          if (text === undefined) {
            text = readFileSync(path.join(hardDir, h.file), "utf8");
            raw.set(h.file, text);
          }
          return judgeOne(
            h.scored,
            h.details.map((d) => d.counted),
            text,
            h.format,
          );
        }),
      );
      all.push(...judged);
      const truth = hard.map((h) => tierIndex(h.tier));
      const ours = judged.map((j) => j.scored);
      const a = agreement(
        ours.map((s) => s.tier),
        hard.map((h) => h.tier),
      );
      const o = agreement(
        hard.map((h) => h.scored.tier),
        hard.map((h) => h.tier),
      );
      lines.push(
        `## Hard cases (${hard.length} candidates, three formats)`,
        "",
        ...mdTable(
          [
            "method",
            "Spearman vs tier",
            "Kendall τ-b",
            "exact tier",
            "within one tier",
            "tiers used",
          ],
          [
            [
              `**${scorer} (${settings.model})**`,
              fmt(
                spearman(
                  ours.map((s) => s.score),
                  truth,
                ),
              ),
              fmt(
                kendall(
                  ours.map((s) => s.score),
                  truth,
                ),
              ),
              pct(a.exact, a.n),
              pct(a.within, a.n),
              tiersUsed(ours.map((s) => s.tier)),
            ],
            [
              "offline as shipped (training set)",
              fmt(
                spearman(
                  hard.map((h) => h.scored.score),
                  truth,
                ),
              ),
              fmt(
                kendall(
                  hard.map((h) => h.scored.score),
                  truth,
                ),
              ),
              pct(o.exact, o.n),
              pct(o.within, o.n),
              tiersUsed(hard.map((h) => h.scored.tier)),
            ],
          ],
        ),
        "",
      );
      // Per answer: the labelled answers are matched to the counted answers in order.
      const ansOurs: number[] = [];
      const ansOffline: number[] = [];
      const ansTruth: number[] = [];
      hard.forEach((h, i) => {
        const countedIdx = h.details.flatMap((d, k) => (d.counted ? [k] : []));
        h.answers.forEach((la, k) => {
          const idx = countedIdx[k];
          const judgedAnswer = idx === undefined ? undefined : judged[i]?.scored.answers[idx];
          if (!judgedAnswer) return;
          ansOurs.push(judgedAnswer.score);
          ansOffline.push(la.detail.scored.score);
          ansTruth.push(tierIndex(la.tier));
        });
      });
      lines.push(
        "### Per answer",
        "",
        ...mdTable(
          ["method", "Spearman vs answer tier", "answers"],
          [
            [`**${scorer}**`, fmt(spearman(ansOurs, ansTruth)), ansTruth.length],
            [
              "offline as shipped (training set)",
              fmt(spearman(ansOffline, ansTruth)),
              ansTruth.length,
            ],
          ],
        ),
        "",
        "### By format",
        "",
        ...mdTable(
          ["format", "candidates", "Spearman vs tier", "exact", "within one"],
          [...new Set(hard.map((h) => h.format))].map((format) => {
            const idx = hard.flatMap((h, i) => (h.format === format ? [i] : []));
            const ag = agreement(
              idx.map((i) => ours[i]?.tier as Tier),
              idx.map((i) => hard[i]?.tier as Tier),
            );
            return [
              format,
              idx.length,
              fmt(
                spearman(
                  idx.map((i) => ours[i]?.score as number),
                  idx.map((i) => truth[i] as number),
                ),
              ),
              pct(ag.exact, ag.n),
              pct(ag.within, ag.n),
            ];
          }),
        ),
        "",
        "### Confusion matrix",
        "",
        ...mdTable(
          ["label \\ judge", ...tiers],
          tiers.map((t) => [
            t,
            ...tiers.map((p) => hard.filter((h, i) => h.tier === t && ours[i]?.tier === p).length),
          ]),
        ),
        "",
        "### The named hard cases",
        "",
        ...mdTable(
          ["candidate", "hard case", "label", "judge", "offline", "first factual error found"],
          hard
            .map((h, i) => ({ h, j: judged[i] as Judged }))
            .filter(({ h }) => h.hardCase && h.hardCase !== "–" && h.hardCase !== "-")
            .sort((x, y) => x.h.hardCase.localeCompare(y.h.hardCase))
            .map(({ h, j }) => [
              h.name,
              h.hardCase,
              h.tier,
              `${j.scored.tier} (${j.scored.score})${j.judgement.fallback ? ` ⚠ ${j.judgement.fallback}` : ""}`,
              `${h.scored.tier} (${h.scored.score})`,
              j.judgement.answers
                .flatMap((a) => a.verdict?.factualErrors ?? [])[0]
                ?.quote.slice(0, 80)
                .replace(/\|/g, "/") ?? "—",
            ]),
        ),
        "",
      );
    } else {
      lines.push(
        "## Hard cases",
        "",
        "Skipped: ../shared/benchmarks/hard-cases is not present.",
        "",
      );
    }

    const seed = loadSeed();
    const seedRaw = readFileSync(seedFile, "utf8");
    const seedFormat = parseTranscript(readFileSync(seedFile), { fileName: "seed.txt" }).format;
    const seedJudged = await Promise.all(
      seed.map((r) =>
        judgeOne(
          r.scored,
          r.details.map((d) => d.counted),
          seedRaw,
          seedFormat,
        ),
      ),
    );
    all.push(...seedJudged);
    const seedTruth = seed.map((r) => tierIndex(r.tier));
    const sa = agreement(
      seedJudged.map((j) => j.scored.tier),
      seed.map((r) => r.tier),
    );
    const so = agreement(
      seed.map((r) => r.scored.tier),
      seed.map((r) => r.tier),
    );
    lines.push(
      `## ${path.relative(root, seedFile)} (${seed.length} candidates, tiers given by the file)`,
      "",
      ...mdTable(
        ["method", "Spearman vs tier", "Kendall τ-b vs tier", "exact tier"],
        [
          [
            `**${scorer}**`,
            fmt(
              spearman(
                seedJudged.map((j) => j.scored.score),
                seedTruth,
              ),
            ),
            fmt(
              kendall(
                seedJudged.map((j) => j.scored.score),
                seedTruth,
              ),
            ),
            pct(sa.exact, sa.n),
          ],
          [
            "offline",
            fmt(
              spearman(
                seed.map((r) => r.scored.score),
                seedTruth,
              ),
            ),
            fmt(
              kendall(
                seed.map((r) => r.scored.score),
                seedTruth,
              ),
            ),
            pct(so.exact, so.n),
          ],
        ],
      ),
      "",
    );

    if (mitPresent() && !values["no-mit"]) {
      const mit = loadMit();
      const mitJudged = await Promise.all(
        mit.map((r) =>
          judgeOne(
            r.scored,
            r.details.map((d) => d.counted),
            readFileSync(path.join(mitDir, "transcripts", `${r.code}.txt`), "utf8"),
            "speaker-turns",
          ),
        ),
      );
      all.push(...mitJudged);
      lines.push(
        `## MIT interviews (${mit.length} interviews, ratings of the whole interview)`,
        "",
        ...mdTable(
          ["method", "Pearson with overall", "Pearson with recommend hiring"],
          [
            [
              `**${scorer}**`,
              fmt(
                pearson(
                  mitJudged.map((j) => j.scored.score),
                  mit.map((r) => r.overall),
                ),
              ),
              fmt(
                pearson(
                  mitJudged.map((j) => j.scored.score),
                  mit.map((r) => r.recommend),
                ),
              ),
            ],
            [
              "offline as shipped (its behavioural model is fitted on this set)",
              fmt(
                pearson(
                  mit.map((r) => r.scored.score),
                  mit.map((r) => r.overall),
                ),
              ),
              fmt(
                pearson(
                  mit.map((r) => r.scored.score),
                  mit.map((r) => r.recommend),
                ),
              ),
            ],
          ],
        ),
        "",
      );
    }

    const wallMs = performance.now() - started;
    const sum = (f: (j: CandidateJudgement) => number) =>
      all.reduce((s, j) => s + f(j.judgement), 0);
    const fellBack = all.filter((j) => j.judgement.fallback !== null);
    lines.push(
      "## What the run cost",
      "",
      ...mdTable(
        [
          "candidates",
          "requests",
          "prompt tokens",
          "completion tokens",
          "answers from cache",
          "quotes dropped",
          "fell back to offline",
          "wall time",
        ],
        [
          [
            all.length,
            sum((j) => j.requests),
            sum((j) => j.promptTokens),
            sum((j) => j.completionTokens),
            sum((j) => j.cachedAnswers),
            sum((j) => j.droppedQuotes),
            fellBack.length === 0
              ? "0"
              : `${fellBack.length} (${[...new Set(fellBack.map((j) => j.judgement.fallback))].join(", ")})`,
            `${(wallMs / 1000).toFixed(1)} s at concurrency ${settings.concurrency}`,
          ],
        ],
      ),
      "",
      `Answer scores are tier midpoints (llm) or the blend rule (docs/llm.md); a candidate's score is the mean of their counted answers, and its tier follows the offline tier rule (average from ${TIER_RULE.average}, strong from ${TIER_RULE.strong}, exceptional from ${TIER_RULE.exceptional}).`,
      "",
    );
    if (all.length > 0 && fellBack.length === all.length) {
      console.log(
        `The endpoint at ${new URL(settings.baseUrl).host} did not answer for any candidate (${fellBack[0]?.judgement.fallback}); nothing written.`,
      );
      return 0;
    }
    const outFile = values.out ?? path.join(root, "bench", "EVAL-llm.md");
    writeFileSync(outFile, `${lines.join("\n")}\n`);
    console.log(lines.join("\n"));
    console.log(`\nwritten: ${path.relative(process.cwd(), outFile)}`);
    return 0;
  } finally {
    await handle.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`error: ${isAppError(error) ? error.userMessage : String(error)}`);
    process.exitCode = isAppError(error) ? 2 : 1;
  },
);
