import { z } from "zod";

/**
 * The interview model every transcript format parses into. It is also the JSON contract of
 * `cli parse --json`, so field names and nullability are fixed here and nowhere else.
 */
export const tiers = ["weak", "average", "strong", "exceptional"] as const;
export const tierSchema = z.enum(tiers);
export type Tier = z.infer<typeof tierSchema>;

export const formats = ["ai-interviewer", "speaker-turns", "webvtt", "srt"] as const;
export const formatSchema = z.enum(formats);
export type TranscriptFormat = z.infer<typeof formatSchema>;

export const answerSchema = z.object({
  n: z.number().int().positive(),
  question: z.string(),
  answer: z.string(),
  /** The interviewer tool's own "Relevance Score", kept as a recorded fact. */
  sourceRelevance: z.number().min(0).max(1).nullable(),
  struggled: z.boolean(),
});
export type Answer = z.infer<typeof answerSchema>;

/**
 * How the candidate's name was found: a `Candidate:` or title line (`header`), the speaker's
 * own label (`label`), the interviewer addressing them (`addressed`), their own "my name is"
 * (`introduced`), or the file's name (`file-name`) when the transcript never names them.
 * Optional so JSON written before the field existed stays valid.
 */
export const nameSources = ["header", "label", "addressed", "introduced", "file-name"] as const;
export const nameSourceSchema = z.enum(nameSources);
export type NameSource = z.infer<typeof nameSourceSchema>;

export const candidateSchema = z.object({
  name: z.string().min(1),
  role: z.string().nullable(),
  sourceTier: tierSchema.nullable(),
  answers: z.array(answerSchema),
  nameSource: nameSourceSchema.optional(),
});
export type Candidate = z.infer<typeof candidateSchema>;

export const parseResultSchema = z.object({
  format: formatSchema,
  candidates: z.array(candidateSchema),
  warnings: z.array(z.string()),
});
export type ParseResult = z.infer<typeof parseResultSchema>;
