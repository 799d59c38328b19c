import type { Db } from "../../src/db/client.js";
import type { IngestOutcome, IngestSource } from "../../src/ingest/ingest.js";
import { ingestTranscript, storePrepared } from "../../src/ingest/ingest.js";
import { prepareScored } from "../../src/ingest/prepare.js";
import type { ScoredCandidate, ScoreResult } from "../../src/scoring/model.js";
import type { Tier } from "../../src/transcript/model.js";

/**
 * Scored candidates built by hand, so storage tests do not depend on the scorer's judgement:
 * they check what is stored and found, not what a score should be.
 */
export function scored(
  name: string,
  role: string | null,
  options: { score?: number; tier?: Tier; answers?: number; seed?: string } = {},
): ScoredCandidate {
  const score = options.score ?? 60;
  const tier =
    options.tier ??
    (score >= 80 ? "exceptional" : score >= 65 ? "strong" : score >= 45 ? "average" : "weak");
  const seed = options.seed ?? "";
  return {
    name,
    role,
    sourceTier: null,
    answers: Array.from({ length: options.answers ?? 3 }, (_, i) => ({
      n: i + 1,
      question: `Q${i + 1} for ${name}${seed}: describe project ${i + 1}?`,
      answer: `${name} answered question ${i + 1} about project ${i + 1}${seed}.`,
      sourceRelevance: 0.5,
      struggled: false,
      score: score - i,
      parts: { relevance: score, substance: score, clarity: score, structure: score },
      reasons: [`names a concrete result in answer ${i + 1}`, "second reason"],
    })),
    score,
    tier,
    confidence: 0.8,
    strengths: [`${tier} strength of ${role ?? "no role"}`],
    concerns: [`${tier} concern`],
    flags: [],
  };
}

/** A plain-text rendering, so the raw text holds the names and answers like a real file. */
export function renderText(candidates: ScoredCandidate[]): string {
  return candidates
    .map((c) =>
      [
        `Candidate: ${c.name}${c.role ? ` - ${c.role}` : ""}`,
        ...c.answers.flatMap((a) => [`Q${a.n}: ${a.question}`, `A${a.n}: "${a.answer}"`, ""]),
      ].join("\n"),
    )
    .join("\n\n");
}

export async function storeScored(
  db: Db,
  options: {
    teamId: string;
    candidates: ScoredCandidate[];
    source?: IngestSource;
    fileName?: string;
    now?: Date;
    transcriptId?: string;
  },
): Promise<IngestOutcome> {
  const text = renderText(options.candidates);
  const result: ScoreResult = {
    format: "ai-interviewer",
    candidates: options.candidates,
    warnings: [],
    scorerVersion: "test",
  };
  return storePrepared(db, {
    teamId: options.teamId,
    fileName: options.fileName ?? "interviews.txt",
    source: options.source ?? { kind: "cli", path: "/tmp/interviews.txt" },
    transcriptId: options.transcriptId,
    now: options.now ?? new Date(),
    prepared: prepareScored(new TextEncoder().encode(text), text, result),
  });
}

export { ingestTranscript };
