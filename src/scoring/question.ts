/**
 * Reading the interviewer's turn: which part is the actual question, and what kind of answer
 * it calls for. Interviewers open with praise and context ("That's a great example, James.
 * Now, let's shift to…"); judging the answer against that preamble would reward echoing the
 * interviewer, so relevance only looks at the ask.
 */

export const questionKinds = [
  "experience",
  "design",
  "concept",
  "self",
  "small_talk",
  "not_a_question",
  "other",
] as const;
export type QuestionKind = (typeof questionKinds)[number];

export interface QuestionParts {
  preamble: string;
  ask: string;
  kind: QuestionKind;
  /** The interviewer only nudged ("Yeah, that'd be great.") and the ask is the previous one. */
  followUp?: boolean;
}

/**
 * An interviewer turn that asks nothing but draws a real answer ("It's ok, take your time.",
 * "Yeah, that'd be great.") continues the previous question; the answer is judged against it.
 */
export function continueQuestion(
  own: QuestionParts,
  previous: QuestionParts | undefined,
  answerWords: number,
): QuestionParts {
  if (!previous || answerWords < 15) return own;
  if (own.kind !== "not_a_question" && own.kind !== "other") return own;
  if (own.kind === "other" && /\?/.test(own.ask)) return own;
  return { preamble: own.ask, ask: previous.ask, kind: previous.kind, followUp: true };
}

/** Sentences that ask for something even without a question mark. */
const LEAD_IN = String.raw`(?:\*\*)?(?:(?:so|and|now|ok(?:ay)?|well|alright|all\s+right|great|good|cool|right|next|then|finally|lastly|first|last\s+question)[,.:\s]+)*`;
const IMPERATIVE = new RegExp(
  `^${LEAD_IN}(?:please\\s+)?(?:tell|describe|explain|walk|give|share|talk|elaborate|compare|define|list|name|outline|discuss|introduce|think\\s+(?:of|about)\\s+a\\s+time|let'?s\\s+(?:talk|discuss|hear|start\\s+with))\\b`,
  "i",
);
/** Spoken transcripts often drop the question mark: "Great what are your career goals." */
const INTERROGATIVE = new RegExp(
  `^${LEAD_IN}(?:what|why|how|when|where|which|who|do\\s+you|did\\s+you|are\\s+you|have\\s+you|can\\s+you|could\\s+you|would\\s+you|will\\s+you)\\b`,
  "i",
);

/** Split into sentences without an NLP pass: the question is short and this runs per answer. */
export function splitSentences(text: string): string[] {
  return text
    .replace(/\r/g, "")
    .split(/(?<=[.?!])\s+(?=["'“*(]*[A-Z0-9])|\n{2,}/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function isAsk(sentence: string): boolean {
  return (
    /\?\s*(?:\*\*)?["”]?$/.test(sentence) ||
    IMPERATIVE.test(sentence) ||
    INTERROGATIVE.test(sentence)
  );
}

const SMALL_TALK =
  /^(?:so\s+|well\s+|ok(?:ay)?\s+|hi\s+|hello\s+)*(?:how\s+are\s+you(?:\s+doing)?|how'?s\s+it\s+going|how\s+is\s+your\s+day|nice\s+to\s+meet\s+you|thanks?\s+(?:you\s+)?for\s+coming|are\s+you\s+ready|ready\??|can\s+you\s+hear\s+me|do\s+you\s+have\s+any\s+questions(?:\s+for\s+(?:me|us))?)\b/i;

const KIND_PATTERNS: [QuestionKind, RegExp][] = [
  [
    "experience",
    /\b(?:a\s+time\s+(?:when|where|that|you)|tell\s+me\s+about\s+a\s+time|describe\s+a\s+(?:time|situation|project|case)|an\s+example\s+of\s+(?:a\s+time|when|how\s+you)|have\s+you\s+(?:ever|had|worked|used|built|led)|how\s+did\s+you|what\s+did\s+you|did\s+you\b|you\s+(?:faced|encountered|implemented|built|created|fixed|led|worked\s+on|overcame|handled|had\s+to|were\s+(?:faced|on)|demonstrated|used)|a\s+(?:specific|particular)\s+\w+\s+(?:you|that\s+you)|your\s+(?:experience|contributions?|role)\b|tell\s+me\s+(?:more\s+)?about\s+(?:the|a|your)\s+(?:specific|project|feature|bug|dashboard|challenge))/i,
  ],
  [
    "self",
    /\b(?:about\s+yourself|introduce\s+yourself|your\s+background|weakness(?:es)?|strengths?|why\s+(?:should|would|do)\s+(?:we|you)|hire\s+you|where\s+do\s+you\s+see\s+yourself|what\s+(?:motivates|drives|interests)\s+you|why\s+(?:this|our)\s+(?:role|company|job|position)|your\s+(?:goals?|career))/i,
  ],
  [
    "design",
    /\b(?:how\s+would\s+you|what\s+would\s+you|design(?:ing)?\b|architect(?:ure)?\b|walk\s+me\s+through\s+how|your\s+approach|approach\s+to|how\s+do\s+you\s+(?:approach|handle|ensure|decide|go\s+about|structure)|what\s+steps|what\s+strategy|best\s+practices\s+you)/i,
  ],
  [
    "concept",
    /\b(?:explain|what\s+(?:is|are|'s)\b|what\s+does|difference|differ|why\s+(?:is|are|does|do|would)|how\s+does|how\s+do\s+\w+\s+work|define|compare|trade-?offs?|pros\s+and\s+cons|when\s+(?:would|might|should)\s+you\s+(?:choose|use|prefer|pick))/i,
  ],
];

/**
 * First match wins: experience questions often also mention design ("a situation where you had
 * to design…"), and "why should we hire you" is about the candidate, not a concept.
 */
export function classifyAsk(ask: string): QuestionKind {
  // Hesitations in the interviewer's speech ("So uhh how are you doing?") do not change the kind.
  const flat = ask
    .replace(/\*\*/g, "")
    .replace(/\b(?:u+h+m*|u+m+|uhm+|e+r+m+|h+m+)\b[,.]?/gi, " ")
    .replace(/\s+/g, " ")
    .trim();
  if (flat.length === 0) return "not_a_question";
  if (SMALL_TALK.test(flat) && flat.split(/\s+/).length <= 12) return "small_talk";
  for (const [kind, pattern] of KIND_PATTERNS) if (pattern.test(flat)) return kind;
  return "other";
}

export function splitQuestion(question: string): QuestionParts {
  const sentences = splitSentences(question);
  const first = sentences.findIndex(isAsk);
  if (first === -1) {
    // No sentence asks anything ("Well, thank you."): a closing remark, unless it is long
    // enough to be a prompt phrased as a statement.
    const words = question.split(/\s+/).filter(Boolean).length;
    const kind = words >= 8 ? classifyAsk(question) : "not_a_question";
    return { preamble: "", ask: question.trim(), kind: kind === "other" ? "other" : kind };
  }
  const preamble = sentences.slice(0, first).join(" ");
  const ask = sentences.slice(first).join(" ");
  return { preamble, ask, kind: classifyAsk(ask) };
}
