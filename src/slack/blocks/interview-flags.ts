/**
 * Interview-quality flags say something about the interviewer (a question off the role, a
 * question never answered, a reference to something nobody said), never about the candidate:
 * one set of words for them, used by the upload reply and the candidate card.
 */

export const flagLabels: Record<string, { one: string; many: string }> = {
  off_role_question: { one: "off-role question", many: "off-role questions" },
  phantom_reference: {
    one: "reference to something never said",
    many: "references to things never said",
  },
  unanswered_question: { one: "unanswered question", many: "unanswered questions" },
};

/** "Off-role question" for a card's line. */
export function flagLabel(kind: string): string {
  const label = flagLabels[kind]?.one ?? kind.replaceAll("_", " ");
  return label.charAt(0).toUpperCase() + label.slice(1);
}

/** "2 off-role questions, 1 unanswered question", in a stable order. */
export function describeFlagKinds(kinds: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const k of kinds) counts.set(k, (counts.get(k) ?? 0) + 1);
  return [...counts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, n]) => `${n} ${n === 1 ? (flagLabels[k]?.one ?? k) : (flagLabels[k]?.many ?? k)}`)
    .join(", ");
}
