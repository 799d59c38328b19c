/**
 * Word lists behind the signals, kept in one place so docs/scoring.md can point at them and a
 * reviewer can see exactly which phrases move a score. All patterns are case-insensitive and
 * global (they are used with matchAll).
 */

/** Hesitation sounds. "ah"/"er" only as whole words, so "ahead" or "error" never count. */
export const HESITATION = /\b(?:u+h+m*|u+m+|uhm+|um+h+|e+r+m+|e+r+|a+h+|h+m+|mm+)\b/gi;
/** Verbal crutches that carry no content. */
export const CRUTCH =
  /\b(?:you\s+know(?!\s+(?:what|how|that|the|about|whether|if|why|when|where))|i\s+mean|kinda|sorta|basically|i\s+guess)\b/gi;
/**
 * "kind of" / "sort of" as hedges, but not "what kind of tool". The look-ahead for a "k" or an
 * "s" comes first so the look-behind, which scans back over spaces, runs only where a match can
 * start: tried at every position, it read long runs of spaces once per space (quadratic).
 */
export const KIND_OF =
  /(?=[ks])(?<!\b(?:what|which|this|that|the|a|any|some|every|same|one)\s+)\b(?:kind|sort)\s+of\b/gi;
/**
 * "like" between commas or opening a clause is a filler ("it was, like, slow"). The look-ahead
 * keeps the look-behind from scanning back over every space of a long run (as in KIND_OF).
 */
export const LIKE_FILLER = /(?=l)(?:^|(?<=[,.;]\s*))like,\s*/gi;
/** Broken-off words and restarts ("I- I- I'd", "was- was") and trailing off (". . ." / "..."). */
export const RESTART = /\b\w+-(?=\s|$)|(?:\.\s?){3,}|…/g;
/** A repeated word ("I I think", "the the"). */
export const REPEAT = /\b(\w+)\s+\1\b/gi;

/** Words before "like" that make it a verb or a preposition rather than a filler. */
export const LIKE_NOT_FILLER = new Set([
  "would",
  "'d",
  "d",
  "i",
  "you",
  "we",
  "they",
  "he",
  "she",
  "people",
  "feel",
  "feels",
  "felt",
  "look",
  "looks",
  "looked",
  "seem",
  "seems",
  "sound",
  "sounds",
  "something",
  "things",
  "thing",
  "stuff",
  "tools",
  "such",
  "much",
  "just",
  "don't",
  "didn't",
  "do",
  "did",
  "really",
  "also",
  "not",
  "more",
  "less",
]);

/** Saying one cannot answer. */
export const NON_ANSWER =
  /\b(?:i'?m\s+not\s+(?:really\s+|entirely\s+|quite\s+|totally\s+|too\s+|that\s+|exactly\s+|very\s+|100%\s+)?sure|i\s+am\s+not\s+(?:really\s+|entirely\s+|quite\s+)?sure|i\s+(?:really\s+)?don'?t\s+(?:really\s+)?know|i\s+do\s+not\s+know|(?:i\s+have|i'?ve|i\s+got|i'?ve\s+got|honestly)\s+no\s+idea|^\W*no\s+idea|i\s+(?:can'?t|cannot)\s+(?:really\s+)?(?:explain|remember|recall|think\s+of|say)|not\s+(?:really\s+)?familiar\s+with|i\s+(?:have\s+)?never\s+(?:really\s+)?(?:used|worked\s+with|heard\s+of|done)|i\s+forget|i\s+don'?t\s+remember|i'?m\s+not\s+(?:really\s+)?(?:an\s+expert|familiar))/gi;
/** What turns "I'm not sure" into an honest, useful answer: a way forward right after it. */
export const HONEST_RECOVERY =
  /\b(?:but|so|though|however)\b[^.?!]{0,60}\b(?:i\s+would|i'?d|i\s+will|i'?ll|here'?s\s+how|my\s+(?:guess|understanding|approach)|i\s+believe|i\s+think\s+it|let\s+me|i\s+would\s+start|look\s+(?:it\s+)?up|find\s+out|check\s+the|read\s+the|test\s+it|reason)/i;

/** Softeners that make an answer sound unsure. "I think" alone is normal speech and not counted. */
export const HEDGE =
  /\b(?:i\s+guess|maybe|perhaps|probably|i\s+suppose|or\s+something|or\s+anything(?:\s+like\s+that)?|stuff\s+like\s+that|something\s+like\s+that|not\s+entirely|i'?m\s+not\s+(?:really\s+)?good\s+at|hopefully)\b/gi;

/** Vague filler that stands where a detail should be. */
export const VAGUE =
  /\b(?:things?\s+like\s+that|and\s+stuff|and\s+so\s+on|etc\.?|and\s+things|some\s+things|stuff|whatever|various\s+things|a\s+bunch\s+of\s+things|all\s+that|or\s+whatever)\b/gi;

/** Buzzwords: fine next to a claim, empty on their own. */
export const BUZZWORD =
  /\b(?:synerg(?:y|ies|istic)|leverag(?:e|ed|ing)|best[-\s]in[-\s]class|world[-\s]class|cutting[-\s]edge|state[-\s]of[-\s]the[-\s]art|paradigm(?:\s+shift)?s?|game[-\s]?changer|next[-\s]gen(?:eration)?|disruptive|holistic(?:ally)?|seamless(?:ly)?|value[-\s]add(?:ed)?|move\s+the\s+needle|think\s+outside\s+the\s+box|low[-\s]hanging\s+fruit|robust|scalable|innovative|innovation|agile|dynamic|empower(?:ing|ed)?|passionate|streamline[ds]?|optimi[sz]e[ds]?|drive\s+(?:results|value|impact)|results[-\s]driven|mission[-\s]critical|end[-\s]to[-\s]end|transformative|transformation|bleeding[-\s]edge|future[-\s]proof|actionable|deliverables?|circle\s+back|best\s+practices)\b/gi;

/** Cause, mechanism and consequence: the "why" and "how" of an answer. */
export const CAUSAL =
  /\b(?:because|since\s+(?:the|it|we|they|that)|so\s+that|in\s+order\s+to|which\s+(?:means|meant|allows|allowed|lets|let|made|makes|caused|causes|reduced|reduces|prevents|prevented)|this\s+(?:means|meant|allows|allowed|lets|let|made|makes|caused|causes|prevents|prevented)|that\s+(?:means|way)|due\s+to|as\s+a\s+result|therefore|thus|by\s+\w+ing|the\s+reason|that'?s\s+why|which\s+is\s+why|otherwise)\b/gi;

/** Weighing options against each other. */
export const TRADE_OFF =
  /\b(?:trade[-\s]?offs?|however|on\s+the\s+other\s+hand|whereas|at\s+the\s+cost\s+of|the\s+downside|downsides?|drawbacks?|the\s+catch|rather\s+than|instead\s+of|versus|vs\.?|compared\s+(?:to|with)|while\s+\w+\s+(?:is|are|offers|gives)|pros\s+and\s+cons|depends\s+on|it\s+depends)\b/gi;

/** Outcomes and results, preferably measured. */
export const OUTCOME =
  /\b(?:result(?:ed|ing)?\s+in|led\s+to|leading\s+to|the\s+(?:outcome|result|impact)\s+(?:was|is)|in\s+the\s+end|ended\s+up|ultimately|as\s+a\s+result|(?:reduc|increas|improv|cut|sav|decreas|boost|doubl|halv|shorten|lower|rais|grew|grow)(?:e|ed|es|ing|t|s)?\s+(?:\w+\s+){0,4}(?:by|from|to)\b|(?:we|i|it|they|the\s+team)\s+(?:won|finished|placed|got|achieved|shipped|launched|delivered|raised|saved|hit|met|passed|reached|completed)\b)/gi;

/** Signs the speaker is pointing at a concrete case. */
export const EXAMPLE =
  /\b(?:for\s+(?:example|instance)|e\.g\.|such\s+as|specifically|in\s+particular|a\s+(?:specific|concrete)\s+(?:example|case)|one\s+(?:time|example|project|feature)|let'?s\s+say|say\s+you|imagine|take\s+\w+\s+for\s+example)/gi;
/** "at Shopify", "at MIT": a named place. Case-sensitive on purpose, unlike the lists above. */
export const AT_PLACE = /\b[Aa]t\s+[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*)*/g;

/** What the speaker did, in their own voice: "I organised", "we negotiated", "I put PgBouncer in front". */
export const OWN_ACTION =
  /\b(?:i|we)\s+(?:(?:then|first|also|actually|personally|eventually|finally|quickly|just)\s+)?(?:\w{3,}ed|built|led|wrote|made|set\s+up|ran|took|chose|began|brought|put|found|rewrote|sat\s+down|spoke|taught|sent|held|drove|kept|gave|cut|split|met|won)\b/gi;

/** When and where a story happened: "last semester", "my junior year", "in high school". */
export const ANCHOR =
  /\b(?:last|this\s+past|this|next)\s+(?:year|semester|summer|spring|fall|winter|term|month|week|quarter)|\b(?:my|our)\s+(?:freshman|sophomore|junior|senior|first|second|third|final)\s+year|\bin\s+(?:high\s+school|college|grad\s+school|my\s+(?:internship|previous\s+(?:job|role)|last\s+(?:job|role)|class|lab))|\b(?:(?:in|during|since)\s+)(?:19|20)\d\d\b|\b\d+\s+(?:years?|months?|weeks?)\s+ago\b/gi;

/** Numbers that carry a measure: percentages, money, durations, counts with a unit. */
export const QUANTITY =
  /(?:\$\s?\d[\d,. ]*(?:k|m|bn|million|billion|thousand)?|\b\d[\d,.]*\s?(?:%|percent|x\b|ms\b|milliseconds|seconds?|s\b|minutes?|hours?|days?|weeks?|months?|years?|k\b|gb|mb|tb|rps|qps|users|customers|people|engineers|services|applications|apps|instances|nodes|servers|requests|tests|members|students|kids|teams?)|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty|thirty|fifty|hundred|thousand|million|dozens?|hundreds|thousands|millions)\s+(?:of\s+)?(?:percent|times|x|ms|milliseconds|seconds|minutes|hours|days|weeks|months|years|users|customers|people|engineers|services|applications|apps|dollars|members|students|kids|teams?)\b|\b\d+(?:st|nd|rd|th)\b|\b\d+(?:\.\d+)?\s?%|\bp(?:50|90|95|99)\b)/gi;

/** Nouns so generic that they say nothing about the subject. */
export const GENERIC_NOUNS = new Set([
  "thing",
  "things",
  "stuff",
  "lot",
  "lots",
  "way",
  "ways",
  "part",
  "kind",
  "sort",
  "time",
  "times",
  "bit",
  "something",
  "anything",
  "everything",
  "people",
  "question",
  "answer",
  "example",
  "examples",
  "experience",
  "approach",
  "aspect",
  "aspects",
  "area",
  "areas",
  "case",
  "cases",
  "situation",
  "point",
  "idea",
  "ideas",
  "level",
  "sense",
  "end",
  "day",
  "year",
  "years",
  "company",
  "team",
  "work",
  "job",
  "role",
  "place",
  "yeah",
  "okay",
  "ok",
]);

/** Words that frame a question without naming its subject ("tell me about a specific…"). */
export const FRAME_WORDS = new Set([
  "tell",
  "describe",
  "explain",
  "walk",
  "give",
  "share",
  "talk",
  "elaborate",
  "discuss",
  "think",
  "know",
  "like",
  "please",
  "specific",
  "particular",
  "example",
  "time",
  "way",
  "thing",
  "things",
  "question",
  "let",
  "move",
  "shift",
  "go",
  "dive",
  "bit",
  "deeper",
  "detail",
  "details",
  "more",
  "most",
  "some",
  "common",
  "main",
  "key",
  "important",
  "good",
  "great",
  "really",
  "mean",
  "want",
  "would",
  "could",
  "might",
  "say",
  "see",
  "look",
  "use",
  "make",
  "get",
  "one",
  "ones",
  "kind",
  "type",
  "types",
  "sure",
  "able",
  "also",
  "case",
  "yourself",
  "job",
  "description",
  "role",
  "experience",
  "approach",
  "process",
  "situation",
  "instance",
  "face",
  "faced",
  "overcome",
  "problem",
  "outcome",
  "result",
  "results",
  "impact",
  "fix",
  "fixed",
  "did",
  "happen",
  "happened",
  "handle",
  "handled",
  "demonstrate",
  "demonstrated",
  "given",
  "option",
  "consider",
  "yourself",
  "tell",
  "anything",
  "something",
]);

/**
 * Behavioural themes: a question about leadership is answered by a story about captaining a
 * team even if the word "leadership" never appears. Each theme is a cue in the question and
 * the word stems that count as on-theme in the answer.
 */
export const THEMES: { name: string; cue: RegExp; answer: RegExp }[] = [
  {
    name: "leadership",
    cue: /\blead(?:er|ers|ership|ing)?\b|\bled\b/i,
    answer:
      /\b(?:lead|leading|led|leader|leadership|captain|president|chair|organi[sz]\w*|manag\w*|in\s+charge|spearhead\w*|initiat\w*|coordinat\w*|delegat\w*|motivat\w*|founded|started|ran|run|head(?:ed)?|mentor\w*|guided?|took\s+(?:the\s+)?(?:lead|charge|initiative))\b/gi,
  },
  {
    name: "weakness",
    cue: /\bweakness(?:es)?\b|\bimprove\s+on\b|\bshortcoming/i,
    answer:
      /\b(?:weak\w*|improv\w*|struggl\w*|tend\s+to|working\s+on|work\s+on|overcom\w*|better\s+at|procrastinat\w*|perfectionis\w*|trouble|difficult\w*|hard\s+for\s+me|not\s+(?:the\s+best|good|great)\s+at|learn\w*|practice|plan)\b/gi,
  },
  {
    name: "challenge",
    cue: /\b(?:challeng\w*|problem|difficult\w*|obstacle|conflict|disagree\w*|setback|hard\s+time)\b/i,
    answer:
      /\b(?:challeng\w*|problem\w*|difficult\w*|hard|issue\w*|obstacle\w*|overc[oa]m\w*|solv\w*|fix\w*|conflict\w*|disagre\w*|tricky|struggl\w*|resolv\w*|figur\w*\s+out|work\w*\s+(?:it\s+)?out|compromis\w*|deadline\w*)\b/gi,
  },
  {
    name: "teamwork",
    cue: /\bteam(?:s|work|mates?)?\b|\bgroup\b|\bcollaborat/i,
    answer:
      /\b(?:team\w*|group\w*|member\w*|together|collaborat\w*|partner\w*|everyone|colleague\w*|we)\b/gi,
  },
  {
    name: "why-hire",
    cue: /\bhire\s+you\b|\bwhy\s+(?:should|would)\s+we\b|\bwhat\s+(?:makes\s+you|can\s+you\s+bring|would\s+you\s+bring)|\bgood\s+fit\b/i,
    answer:
      /\b(?:bring|skill\w*|strength\w*|fit|contribut\w*|passion\w*|experience\w*|good\s+at|hard[-\s]?work\w*|dedicat\w*|motivat\w*|learn\w*|qualif\w*|value|asset|background|interest\w*|excit\w*)\b/gi,
  },
  {
    name: "self",
    cue: /\babout\s+yourself\b|\bintroduce\s+yourself\b|\byour\s+background\b/i,
    answer:
      /\b(?:major\w*|stud(?:y|ying|ied|ent)|course\w*|class\w*|interest\w*|grew\s+up|from|year|work\w*|experience\w*|passion\w*|enjoy\w*|love|school|degree|research|intern\w*|project\w*|hobb\w*|background)\b/gi,
  },
  {
    name: "failure",
    cue: /\bfail(?:ure|ed)?\b|\bmistake\b/i,
    answer:
      /\b(?:fail\w*|mistake\w*|wrong|learn\w*|lesson\w*|realiz\w*|realis\w*|should\s+have|next\s+time|differently)\b/gi,
  },
  {
    name: "performance",
    cue: /\b(?:performance|latency|slow|speed|throughput|fast(?:er)?)\b/i,
    answer:
      /\b(?:latenc\w*|slow\w*|fast\w*|speed\w*|throughput|p\d\d|ms|milliseconds|seconds|profil\w*|bottleneck\w*|cach\w*|optimi[sz]\w*|load|perform\w*|quer(?:y|ies)|index\w*)\b/gi,
  },
  {
    name: "reliability",
    cue: /\b(?:reliab\w*|outage|incident|downtime|uptime|availability|resilien\w*|fault)\b/i,
    answer:
      /\b(?:outage\w*|incident\w*|downtime|uptime|availab\w*|failover|redundan\w*|retr(?:y|ies)|alert\w*|monitor\w*|slos?|slis?|rollback\w*|resilien\w*|recover\w*)\b/gi,
  },
  {
    name: "testing",
    cue: /\b(?:test(?:s|ing)?|qa|quality\s+assurance|bugs?)\b/i,
    answer:
      /\b(?:test\w*|qa|assert\w*|coverage|regression\w*|flak\w*|bugs?|ci|pipeline\w*|mock\w*|fixture\w*)\b/gi,
  },
  {
    name: "security",
    cue: /\b(?:secur\w*|vulnerab\w*|auth\w*|encrypt\w*)\b/i,
    answer:
      /\b(?:secur\w*|vulnerab\w*|auth\w*|encrypt\w*|tls|ssl|oauth|token\w*|permission\w*|secret\w*|attack\w*|xss|csrf|injection)\b/gi,
  },
  {
    name: "motivation",
    cue: /\bwhy\s+(?:this|our)\b|\bmotivat\w*\b|\binterest(?:ed)?\s+in\s+(?:this|our)\b/i,
    answer:
      /\b(?:interest\w*|excit\w*|passion\w*|enjoy\w*|love|care|mission|impact|learn\w*|grow\w*)\b/gi,
  },
];

/** Irregular past tenses, for telling a story ("we built", "I led") from a wish. */
export const IRREGULAR_PAST = new Set([
  "was",
  "were",
  "had",
  "did",
  "made",
  "built",
  "led",
  "took",
  "went",
  "got",
  "ran",
  "wrote",
  "found",
  "saw",
  "chose",
  "began",
  "brought",
  "bought",
  "thought",
  "told",
  "spent",
  "set",
  "put",
  "kept",
  "knew",
  "became",
  "gave",
  "came",
  "felt",
  "left",
  "met",
  "won",
  "taught",
  "sent",
  "held",
  "paid",
  "said",
  "drove",
  "rewrote",
  "broke",
  "caught",
  "fought",
  "lost",
  "meant",
  "sold",
  "stood",
  "understood",
]);
