import type { AnswerDetail } from "./answer.js";
import { quoteList, shorten } from "./evidence.js";
import type { InterviewFlag } from "./model.js";
import { analyse } from "./nlp.js";
import { splitSentences } from "./question.js";
import { addKey, hasKey, indexKeys } from "./signals/relevance.js";

/**
 * Interview-quality flags are about the interview, not the candidate: they tell the hiring
 * team when a score may be unfair because of how the questions were asked.
 */

/** Subject areas, each recognised by terms specific enough to name it on their own. */
const DOMAINS: Record<string, RegExp> = {
  mobile:
    /\b(?:ios|android|swift(?:ui)?|uikit|kotlin|xcode|mobile\s+app|app\s+store|objective-c|react\s+native|flutter|core\s+data)\b/i,
  ml: /\b(?:machine\s+learning|neural\s+networks?|deep\s+learning|model\s+training|training\s+data|classifiers?|overfitting|gradient|tensorflow|pytorch|convolutional|image\s+classification|data\s+augmentation|reinforcement\s+learning|q-learning|markov\s+decision|on-policy|off-policy|feature\s+engineering|embeddings?|transformers?|llms?|bert|gpt|fine-tuning|nlp|natural\s+language|computer\s+vision|catastrophic\s+forgetting|lora)\b/i,
  data: /\b(?:sql|tableau|looker|bi\s+tools?|dashboards?|statistics|statistical|a\/b\s+tests?|pandas|data\s+warehouse|etl|analytics|hypothesis\s+test\w*|data\s+pipelines?|power\s+bi|excel)\b/i,
  frontend:
    /\b(?:react|virtual\s+dom|dom|css|html|javascript|typescript|front-?end|browsers?|redux|vue|angular|web\s+accessibility|class\s+components|functional\s+components)\b/i,
  backend:
    /\b(?:python|django|flask|java|spring|rest\s+apis?|databases?|postgres\w*|mysql|back-?end|tuples?|concurrency|caching|orm|node\.js)\b/i,
  cloud:
    /\b(?:aws|azure|gcp|cloud|kubernetes|docker|terraform|ec2|s3|lambda|microservices?|serverless|devops|ci\/cd|cost\s+optimi[sz]ation|infrastructure\s+as\s+code)\b/i,
  sre: /\b(?:sre|site\s+reliability|observability|monitoring|slos?|slis?|incidents?|on-call|chaos\s+engineering|uptime|alerting|prometheus|error\s+budgets?)\b/i,
  qa: /\b(?:qa|test\s+automation|automated\s+tests?|selenium|cypress|playwright|test\s+cases|regression\s+suite|quality\s+assurance|flaky\s+tests?)\b/i,
};

/** Which subject areas a role covers, from its title. Unknown titles get no off-role flags. */
const ROLE_DOMAINS: [RegExp, string[]][] = [
  [/\b(?:ios|android|mobile)\b/i, ["mobile"]],
  [
    /\b(?:machine\s+learning|ml|ai|nlp|natural\s+language|computer\s+vision|research\s+scientist|deep\s+learning)\b/i,
    ["ml", "data", "backend"],
  ],
  [/\bdata\s+scien\w*/i, ["data", "ml", "backend"]],
  [
    /\b(?:data\s+(?:analyst|engineer)|analytics|business\s+intelligence|bi)\b/i,
    ["data", "backend", "cloud"],
  ],
  [/\b(?:front-?end|react|ui|web)\b/i, ["frontend"]],
  [/\b(?:back-?end|python|java|golang|ruby|node)\b/i, ["backend", "cloud", "data"]],
  [
    /\b(?:cloud|devops|platform|infrastructure|solutions\s+architect)\b/i,
    ["cloud", "sre", "backend"],
  ],
  [/\b(?:sre|site\s+reliability|reliability)\b/i, ["sre", "cloud", "backend"]],
  [/\b(?:qa|test|quality|sdet)\b/i, ["qa", "frontend", "backend", "cloud"]],
  [/\bfull[-\s]?stack\b/i, ["frontend", "backend", "cloud", "data"]],
];

export function roleDomains(role: string | null): Set<string> | null {
  if (!role) return null;
  const out = new Set<string>();
  for (const [pattern, domains] of ROLE_DOMAINS)
    if (pattern.test(role)) for (const d of domains) out.add(d);
  return out.size > 0 ? out : null;
}

export function askDomains(ask: string): { domain: string; term: string }[] {
  const out: { domain: string; term: string }[] = [];
  for (const [domain, pattern] of Object.entries(DOMAINS)) {
    const m = ask.match(pattern);
    if (m) out.push({ domain, term: m[0] });
  }
  return out;
}

export function offRoleFlags(role: string | null, details: AnswerDetail[]): InterviewFlag[] {
  const allowed = roleDomains(role);
  if (!allowed) return [];
  const flags: InterviewFlag[] = [];
  for (const d of details) {
    if (!d.counted) continue;
    const found = askDomains(d.question.ask);
    if (found.length === 0 || found.some((f) => allowed.has(f.domain))) continue;
    flags.push({
      kind: "off_role_question",
      n: d.scored.n,
      message: `Q${d.scored.n} asks about ${quoteList(
        found.map((f) => f.term),
        2,
      )}, which is outside the ${role} role; its score says little about fit for the role.`,
    });
  }
  return flags;
}

/** Sentences where the interviewer describes what the candidate said. */
const REFERS_TO_ANSWER =
  /\b(?:you(?:'ve|\s+have)?\s+(?:mentioned|said|described|explained|touched\s+(?:up)?on|talked\s+about|brought\s+up|highlighted|noted|referred\s+to|covered|articulated|provided|outlined|shared|discussed|pointed\s+out)|your\s+(?:answer|explanation|example|description|point|mention|overview|discussion)\b|(?:great|good|excellent|clear|solid|thorough|nice)\s+(?:explanation|example|overview|point|answer|description|summary)\s+of|the\s+mention\s+of|you'?re\s+(?:referring|correct|right)|you\s+are\s+(?:referring|correct|right))/i;
const ABOUT_RESUME =
  /\b(?:resume|résumé|cv|background|profile|linkedin|job\s+description|introduction)\b/i;
const REFERENCE_GENERIC = new Set([
  "explanation",
  "example",
  "examples",
  "overview",
  "answer",
  "importance",
  "approach",
  "mention",
  "point",
  "points",
  "thing",
  "things",
  "way",
  "ways",
  "need",
  "problem",
  "components",
  "time",
  "job",
  "role",
  "question",
  "lot",
  "part",
  "areas",
  "area",
  "aspects",
  "aspect",
  "methods",
  "strategies",
  "techniques",
  "patterns",
  "pattern",
  "understanding",
  "ability",
  "experience",
]);

/** A word of letters that starts with a capital and ends with one, or with one and an "s". */
const ACRONYM_WORD = /^[A-Z][A-Za-z]*[A-Z]s?$/;

/** Acronyms a speaker has used, including ones implied by capitalised names ("Availability Zones" → AZ). */
export function saidAcronyms(text: string): Set<string> {
  const out = new Set<string>();
  // Each word tested on its own: `/\b[A-Z][A-Za-z]*[A-Z]+s?\b/g` over the text took time
  // growing with the square of a word's length (40,000 capitals: 3 s).
  for (const [word] of text.matchAll(/\w+/g))
    if (ACRONYM_WORD.test(word)) out.add(word.replace(/s$/, "").toUpperCase());
  for (const m of text.matchAll(/(?:\b[A-Z][a-z]+(?:\s+|-)){1,5}[A-Z][a-z]+\b/g)) {
    const initials = m[0].split(/[\s-]+/).map((w) => w[0] as string);
    for (let i = 0; i < initials.length; i++)
      for (let j = i + 2; j <= Math.min(initials.length, i + 5); j++)
        out.add(initials.slice(i, j).join(""));
  }
  return out;
}

export function phantomReferenceFlags(
  details: AnswerDetail[],
  candidateName = "",
): InterviewFlag[] {
  const nameWords = new Set(
    candidateName
      .toLowerCase()
      .split(/[^\p{L}'-]+/u)
      .filter(Boolean),
  );
  const flags: InterviewFlag[] = [];
  let said = "";
  // Grows with each answer rather than being rebuilt from every earlier answer's keys, and
  // only when a preamble refers back (most never do): answers wait in `unindexed` until then.
  const saidIndex = indexKeys([]);
  let unindexed: AnswerDetail[] = [];
  const acronyms = new Set<string>();
  details.forEach((d, index) => {
    if (index > 0 && d.question.preamble) {
      const missing: string[] = [];
      let checked = 0;
      let strongMissing = false;
      // Lower-cased only when a sentence refers back: most preambles never do.
      let lowerSaid: string | undefined;
      for (const sentence of splitSentences(d.question.preamble)) {
        if (!REFERS_TO_ANSWER.test(sentence) || ABOUT_RESUME.test(sentence)) continue;
        for (const t of analyse(sentence.replace(/\*\*/g, "")).tokens) {
          if (!(t.pos === "NOUN" || t.pos === "PROPN") || t.stop || t.lower.length < 2) continue;
          if (REFERENCE_GENERIC.has(t.lower) || /^(?:you|your|that|this|it)$/i.test(t.lower))
            continue;
          const caps = t.value.match(/[A-Z]{2,}/g);
          const isAcronymLike = caps !== null;
          // The candidate's own name is not something they are expected to have said.
          if (nameWords.has(t.lower)) continue;
          checked++;
          if (unindexed.length > 0) {
            for (const earlier of unindexed)
              for (const w of earlier.analysis.words) addKey(saidIndex, w.key);
            unindexed = [];
          }
          if (t.lower.length >= 4) lowerSaid ??= said.toLowerCase();
          const present =
            hasKey(saidIndex, t.key) ||
            (t.lower.length >= 4 && (lowerSaid ?? "").includes(t.lower)) ||
            (isAcronymLike &&
              (caps ?? []).every((c) => acronyms.has(c) || acronyms.has(c.replace(/S$/, ""))));
          if (!present) {
            missing.push(t.value);
            if (isAcronymLike || t.pos === "PROPN") strongMissing = true;
          }
        }
      }
      if (
        checked > 0 &&
        (strongMissing || (missing.length >= 3 && missing.length / checked >= 0.6))
      ) {
        const sentence =
          splitSentences(d.question.preamble).find((s) => REFERS_TO_ANSWER.test(s)) ?? "";
        flags.push({
          kind: "phantom_reference",
          n: d.scored.n,
          message: `Before Q${d.scored.n} the interviewer refers to ${quoteList(missing, 3)}, which the candidate never said ("${shorten(sentence, 90)}").`,
        });
      }
    }
    said += `\n${d.scored.answer}`;
    unindexed.push(d);
    for (const acronym of saidAcronyms(d.scored.answer)) acronyms.add(acronym);
  });
  return flags;
}

export function unansweredFlags(details: AnswerDetail[]): InterviewFlag[] {
  return details
    .filter(
      (d) => d.empty && d.question.kind !== "not_a_question" && d.question.kind !== "small_talk",
    )
    .map((d) => ({
      kind: "unanswered_question" as const,
      n: d.scored.n,
      message: `Q${d.scored.n} got no answer: "${shorten(d.question.ask, 80)}".`,
    }));
}
