/**
 * Names are replaced before an answer leaves the machine (LLM_REDACT_NAMES, on by default):
 * the candidate's name as parsed, and every speaker label the raw transcript shows (`Name:` at
 * a line start, after an optional timestamp, and WebVTT `<v Name>` voice tags), which is where
 * interviewers' names are. A name said only in passing that is neither ("my manager Priya")
 * is not known to be a name and is sent as said; the README says so.
 */

export const CANDIDATE_PLACEHOLDER = "[CANDIDATE]";
export const INTERVIEWER_PLACEHOLDER = "[INTERVIEWER]";

/** Labels that name a role or a field, not a person. */
const NOT_NAMES = new Set(
  [
    "interviewer",
    "candidate",
    "question",
    "answer",
    "speaker",
    "host",
    "guest",
    "moderator",
    "recruiter",
    "note",
    "notes",
    "relevance",
    "score",
    "role",
    "position",
    "date",
    "time",
    "duration",
    "source",
    "transcript",
    "summary",
    "feedback",
    "name",
    "agenda",
    "interview",
    "with",
    "and",
    "the",
    "dr",
    "mr",
    "mrs",
    "ms",
    "prof",
    "unknown",
  ].map((w) => w.toLowerCase()),
);

const LABEL_LINE =
  /^\s*(?:\[[\d:.,\s]+\]\s*)?(?:\d{1,2}:\d{2}(?::\d{2})?\s+)?([\p{Lu}][\p{L}'’.-]*(?:\s+[\p{Lu}][\p{L}'’.-]*){0,3})\s*(?:\([^)\n]{0,60}\))?\s*:/gmu;
const VOICE_TAG = /<v(?:\.[^\s>]+)*\s+([^>\n]{1,80})>/gu;

/** Speaker names shown in the raw transcript (line labels and WebVTT voice tags). */
export function speakerNames(rawText: string): string[] {
  const out = new Set<string>();
  for (const m of rawText.matchAll(LABEL_LINE)) if (m[1]) out.add(m[1].trim());
  for (const m of rawText.matchAll(VOICE_TAG)) if (m[1]) out.add(m[1].trim());
  return [...out];
}

function nameParts(name: string): string[] {
  return name
    .split(/[\s,]+/)
    .map((p) => p.replace(/^[.'’-]+|[.'’-]+$/g, ""))
    .filter((p) => p.length >= 2 && !NOT_NAMES.has(p.toLowerCase()));
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Replaces one person's names: the full name first, then each part on its own. */
function replacer(
  names: readonly string[],
  placeholder: string,
): ((text: string) => string) | null {
  const variants = new Set<string>();
  for (const name of names) {
    const parts = nameParts(name);
    if (parts.length === 0) continue;
    if (parts.length > 1) variants.add(parts.join(" "));
    for (const part of parts) variants.add(part);
  }
  if (variants.size === 0) return null;
  const alternatives = [...variants]
    .sort((a, b) => b.length - a.length)
    .map((v) => escapeRegExp(v).replace(/ /g, "\\s+"));
  // Letters on either side mean another word ("Anders" in "Sanders" is not the name);
  // a possessive 's stays after the placeholder.
  const pattern = new RegExp(
    `(?<![\\p{L}\\p{N}])(?:${alternatives.join("|")})(?![\\p{L}\\p{N}])`,
    "giu",
  );
  return (text) => text.replace(pattern, placeholder);
}

export type Redactor = (text: string) => string;

/**
 * A function that replaces the candidate's names with `[CANDIDATE]` and the other speakers'
 * with `[INTERVIEWER]`. With nothing to replace it returns the text unchanged.
 */
export function createRedactor(candidateName: string, rawText: string): Redactor {
  const candidate = replacer([candidateName], CANDIDATE_PLACEHOLDER);
  const candidateParts = new Set(nameParts(candidateName).map((p) => p.toLowerCase()));
  const others = speakerNames(rawText).filter(
    (s) => !nameParts(s).some((p) => candidateParts.has(p.toLowerCase())),
  );
  const interviewer = replacer(others, INTERVIEWER_PLACEHOLDER);
  return (text) => {
    let out = candidate ? candidate(text) : text;
    if (interviewer) out = interviewer(out);
    return out;
  };
}
