import { z } from "zod";
import { tierSchema } from "../transcript/model.js";

/**
 * What the model must return for one candidate (one request): a verdict per answer, by the id
 * the prompt gave it. Sent as the request's JSON schema (structured output) and checked again
 * here, since not every OpenAI-compatible server enforces the schema.
 */
export const modelAnswerVerdictSchema = z.object({
  id: z.string().min(1),
  tier: tierSchema,
  correct: z.array(z.string()).max(8),
  wrong_or_missing: z.array(z.string()).max(8),
  factual_errors: z.array(z.object({ quote: z.string(), correction: z.string() })).max(6),
  quotes: z.array(z.string()).max(6),
});
export const modelVerdictsSchema = z.object({ answers: z.array(modelAnswerVerdictSchema) });
export type ModelVerdicts = z.infer<typeof modelVerdictsSchema>;
export type ModelAnswerVerdict = z.infer<typeof modelAnswerVerdictSchema>;

/** The JSON schema sent as `response_format` (strict: every field required, nothing extra). */
export function verdictJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(modelVerdictsSchema, { target: "draft-7" }) as Record<
    string,
    unknown
  >;
  delete schema.$schema;
  return schema;
}

/**
 * One answer's verdict as stored (answers.verdict and the cache): only quotes that were found in
 * the answer, and how many the model gave that were not.
 */
export const storedVerdictSchema = z.object({
  tier: tierSchema,
  correct: z.array(z.string()),
  wrongOrMissing: z.array(z.string()),
  factualErrors: z.array(z.object({ quote: z.string(), correction: z.string() })),
  quotes: z.array(z.string()),
  droppedQuotes: z.number().int().min(0),
});
export type StoredVerdict = z.infer<typeof storedVerdictSchema>;
