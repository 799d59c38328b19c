import type { z } from "zod";
import { AppError } from "../errors.js";

/**
 * Checks a use case's input at the boundary (a Slack handler or the CLI may pass anything) and
 * turns the first problem into one usage sentence.
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.length ? `${issue.path.join(".")}: ` : "";
  throw new AppError("USAGE", `Invalid ${what}: ${field}${issue?.message ?? "bad input"}.`, {
    cause: result.error,
  });
}
