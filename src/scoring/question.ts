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
  // Only a turn that asks nothing continues the previous question; any ask is its own.
  if (own.kind !== "not_a_question") return own;
  return { preamble: own.ask, ask: previous.ask, kind: previous.kind, followUp: true };
}

/** Sentences that ask for something even without a question mark. */
const LEAD_IN = String.raw`(?:\*\*)?(?:(?:so|and|now|ok(?:ay)?|well|alright|all\s+right|great|good|cool|right|next|then|finally|lastly|first|first\s+off|last\s+question|to\s+(?:start|begin|kick\s+off)(?:\s+(?:with|off))?|over\s+to\s+you)[,.:\s]+)*`;
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
  /^(?:so\s+|well\s+|ok(?:ay)?\s+|hi\s+|hello\s+)*(?:how\s+are\s+you(?:\s+doing)?|how'?s\s+it\s+going|how\s+is\s+your\s+day|nice\s+to\s+meet\s+you|thanks?\s+(?:you\s+)?for\s+coming|are\s+you\s+ready|ready\??|can\s+you\s+(?:hear|see)\s+me|do\s+you\s+have\s+any\s+questions(?:\s+for\s+(?:me|us))?)\b/i;

/**
 * Logistics and hand-overs that ask nothing about the candidate's work: checking the line,
 * agreeing to start, inviting the candidate's own questions at the end. Generic conversation
 * patterns, so the closing "Any questions for me?" is not scored as a technical question.
 */
const LOGISTICS =
  /\b(?:can\s+you\s+(?:hear|see)\s+(?:me|my\s+screen)|hear\s+me\s+(?:ok(?:ay)?|all\s+right|alright|fine)|(?:shall|should|can)\s+we\s+(?:start|begin|get\s+started|dive\s+in|kick\s+off)|(?:does\s+that\s+|that\s+)?sounds?\s+(?:good|ok(?:ay)?|fine|alright)|ready\s+(?:to\s+(?:start|begin)|when\s+you\s+are)|are\s+you\s+ready|(?:any|what|anything)\s+(?:other\s+|else\s+)?(?:questions?|you'?d\s+like\s+to\s+(?:ask|know))\b[^?]{0,30}\b(?:me|us|for\s+(?:me|us)|about\s+(?:the\s+)?(?:role|team|company))|(?:do|did)\s+you\s+have\s+(?:any\s+)?(?:other\s+|more\s+)?questions|is\s+there\s+anything\s+(?:else\s+)?you'?d\s+like\s+to\s+(?:ask|know)|how\s+are\s+you(?:\s+doing)?(?:\s+today)?\s*\?|how(?:'?s|\s+is|\s+has|\s+was)\s+(?:your|the)\s+(?:day|week|morning|afternoon|evening|weekend)|what\s+(?:would|do|can)\s+(?:you|i)\s+(?:(?:like|want)\s+to\s+)?(?:know|ask|answer\s+for\s+you)|\b(?:audio|video|camera|mic(?:rophone)?|headset|connection|sound)\s+(?:is\s+)?(?:ok(?:ay)?|working|better|fine|coming\s+through)|\ball\s+set\b|(?:does|would|will)\s+that\s+work(?:\s+for\s+you)?\s*\?|^before\s+we\s+(?:start|begin)|^(?:ok(?:ay)?|alright|all\s+right|right|good|ready|cool|yes|yeah)\W*$)/i;

/** An asking sentence that is only logistics or pleasantries. */
function isSmallTalkSentence(sentence: string): boolean {
  const flat = sentence.replace(/\*\*/g, "").trim();
  const words = flat.split(/\s+/).length;
  return (SMALL_TALK.test(flat) && words <= 12) || (LOGISTICS.test(flat) && words <= 20);
}

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
  const asking = sentences.map(isAsk);
  const first = asking.indexOf(true);
  if (first === -1) {
    // No sentence asks anything ("Well, thank you.", "We're a team of six; thanks for your
    // time."): a remark, unless it is a prompt phrased as a statement ("I'd like to hear…").
    const kind = PROMPT_STATEMENT.test(question) ? classifyAsk(question) : "not_a_question";
    return { preamble: "", ask: question.trim(), kind };
  }
  // Every asking sentence is logistics ("Can you hear me okay?", "Any questions for me?").
  // A short fragment ("Captions, more time, anything like that?") belongs to the sentence before.
  const real = sentences.findIndex(
    (s, i) =>
      asking[i] &&
      !isSmallTalkSentence(s) &&
      (s.split(/\s+/).length >= 8 || IMPERATIVE.test(s) || INTERROGATIVE.test(s) || i === first),
  );
  if (real === -1)
    return {
      preamble: sentences.slice(0, first).join(" "),
      ask: sentences.slice(first).join(" "),
      kind: "small_talk",
    };
  const preamble = sentences.slice(0, real).join(" ");
  const ask = sentences.slice(real).join(" ");
  return { preamble, ask, kind: classifyAsk(ask) };
}

/** Statements that still ask for an answer: "I'd like to hear how you would…". */
const PROMPT_STATEMENT =
  /\b(?:i'?d\s+(?:like|love)\s+(?:to\s+(?:hear|know|understand)|you\s+to)|i'?m\s+(?:curious|interested)\s+(?:about|in|how|whether|what|why)|talk\s+me\s+through|walk\s+me\s+through|tell\s+me\s+(?:about|how|what|why)|let'?s\s+(?:talk|hear)\s+about)\b/i;
