/**
 * Backchannel turns ("Mm-hmm.", "Okay.", "Right. Right.", "[laughs]") keep a conversation going
 * without saying anything; in speaker-turn transcripts they must never become a question or
 * an answer. The lexicon comes from the 138 MIT interviews, where these are the commonest
 * short turns, plus the usual English acknowledgements.
 */
const lexicon = new Set(
  [
    "ok okay k kay alright all right sure yes yeah yep yup ya yah yea no nope nah right great good",
    "nice cool wow oh ah aha huh hm hmm mm mhm mmm uh um uhm er erm so well i see got it gotcha",
    "thanks thank you very much really interesting excellent perfect exactly absolutely definitely",
    "totally true fair indeed wonderful awesome fantastic lovely makes sense that that's thats",
    "laughs laughter laughing laugh chuckles crosstalk inaudible pause silence",
    "sí si vale claro bueno oui ja",
  ]
    .join(" ")
    .split(/\s+/),
);

/** Real words built from the letters of hums that are not hums. */
const notHums = new Set(["me", "am", "home", "he", "ham", "hue", "ohm"]);

function isHum(token: string): boolean {
  if (token.length === 0 || token.length > 10 || notHums.has(token)) return false;
  let hasMH = false;
  for (let i = 0; i < token.length; i++) {
    const c = token[i];
    if (c === "m" || c === "h") hasMH = true;
    else if (c !== "a" && c !== "e" && c !== "i" && c !== "o" && c !== "u") return false;
  }
  return hasMH;
}

/** At most this many words; longer turns carry content even when every word is common. */
const maxWords = 6;

export function isBackchannel(text: string): boolean {
  if (text.length > 80) return false;
  const cached = cache.get(text);
  if (cached !== undefined) return cached;
  const result = computeBackchannel(text);
  if (cache.size > 10_000) cache.clear();
  cache.set(text, result);
  return result;
}

/** Short turns repeat ("Mm-hmm.", "Okay."), so the verdict is memoised. */
const cache = new Map<string, boolean>();

function computeBackchannel(text: string): boolean {
  const tokens = text
    .toLowerCase()
    .replace(/[\u2019']/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()
    .split(" ")
    .filter((t) => t.length > 0);
  if (tokens.length > maxWords) return false;
  // Pure punctuation or an empty turn ("...", "-") says nothing either.
  return tokens.every((t) => lexicon.has(t) || isHum(t));
}
