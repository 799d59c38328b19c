/** The one line a reply carries when a configured language model did not score everything. */
export const FALLBACK_NOTE = "Scored offline: the language model did not answer.";
export const PARTIAL_NOTE = "Partly scored offline: the language model did not judge every answer.";

/**
 * From the candidates' stored fallback reasons (null: judged, or nothing to judge): the note,
 * or null when the model scored everything it was asked to.
 */
export function scorerNote(fallbacks: ReadonlyArray<string | null | undefined>): string | null {
  const reasons = fallbacks.filter((f): f is string => typeof f === "string");
  if (reasons.length === 0) return null;
  return reasons.every((r) => r === "partial") ? PARTIAL_NOTE : FALLBACK_NOTE;
}
