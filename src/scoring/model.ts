import { z } from "zod";
import {
  answerSchema,
  candidateSchema,
  parseResultSchema,
  tierSchema,
} from "../transcript/model.js";

/**
 * What the scorer adds to the parsed interview. Also the JSON contract of `cli score --json`:
 * the parse output with these fields added to each candidate and answer.
 */
export const answerPartsSchema = z.object({
  relevance: z.number().min(0).max(100),
  substance: z.number().min(0).max(100),
  clarity: z.number().min(0).max(100),
  structure: z.number().min(0).max(100),
});
export type AnswerParts = z.infer<typeof answerPartsSchema>;

export const scoredAnswerSchema = answerSchema.extend({
  score: z.number().min(0).max(100),
  parts: answerPartsSchema,
  /** The two or three strongest signals, each quoting the phrase that triggered it. */
  reasons: z.array(z.string()),
});
export type ScoredAnswer = z.infer<typeof scoredAnswerSchema>;

export const flagKinds = ["off_role_question", "phantom_reference", "unanswered_question"] as const;
export const flagSchema = z.object({
  kind: z.enum(flagKinds),
  /** The answer number (`n`) the flag is about, when it is about one. */
  n: z.number().int().positive().nullable(),
  message: z.string(),
});
export type InterviewFlag = z.infer<typeof flagSchema>;

export const scoredCandidateSchema = candidateSchema.extend({
  answers: z.array(scoredAnswerSchema),
  score: z.number().min(0).max(100),
  tier: tierSchema,
  confidence: z.number().min(0).max(1),
  strengths: z.array(z.string()),
  concerns: z.array(z.string()),
  flags: z.array(flagSchema),
});
export type ScoredCandidate = z.infer<typeof scoredCandidateSchema>;

export const scoreResultSchema = parseResultSchema.extend({
  scorerVersion: z.string(),
  candidates: z.array(scoredCandidateSchema),
});
export type ScoreResult = z.infer<typeof scoreResultSchema>;
