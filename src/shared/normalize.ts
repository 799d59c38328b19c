/**
 * Name folding for matching. The stored `normalized_name` and every lookup query go through the
 * same function, so "Dr. Amanda Foster", "amanda foster" and "AMANDA  FÖSTER" meet on one key
 * and the trigram index only has to tolerate real typos. Pure.
 */

/**
 * Honorifics and academic titles that people add or drop freely. Generational suffixes (Jr.,
 * Sr., III) are kept on purpose: they tell a parent from a child.
 */
const leadingTitles = new Set([
  "dr",
  "doctor",
  "prof",
  "professor",
  "mr",
  "mrs",
  "ms",
  "miss",
  "mx",
  "sir",
  "dame",
  "madam",
  "mme",
  "mlle",
  "herr",
  "frau",
  "sr",
  "sra",
  "srta",
]);
const trailingTitles = new Set(["phd", "md", "mba", "msc", "bsc", "ma", "ba", "dphil", "esq"]);

/**
 * Letters that Unicode decomposition leaves alone but that people type without the stroke:
 * "Łukasz" is searched as "lukasz", "Strauß" as "strauss".
 */
const foldMap: Record<string, string> = {
  ß: "ss",
  ẞ: "ss",
  æ: "ae",
  œ: "oe",
  ø: "o",
  ł: "l",
  đ: "d",
  ð: "d",
  þ: "th",
  ı: "i",
  ħ: "h",
};
const foldPattern = new RegExp(`[${Object.keys(foldMap).join("")}]`, "gu");

/** Diacritics on Latin, Greek and Cyrillic letters; other scripts keep their marks (they carry vowels). */
const accentPattern = /(\p{Script=Latin}|\p{Script=Greek}|\p{Script=Cyrillic})\p{Mn}+/gu;

/**
 * Folds a person's name (or a role) to its matching key: lower case, accents removed, titles
 * such as "Dr." and "PhD" dropped, punctuation turned into spaces (apostrophes vanish, so
 * "O'Brien" is "obrien"), spaces collapsed. A name made only of symbols (an emoji, say) keeps
 * them, so it can still be stored and found exactly.
 */
export function normalizeName(name: string): string {
  const lowered = name.normalize("NFKD").replace(accentPattern, "$1").toLowerCase();
  const folded = lowered.replace(foldPattern, (ch) => foldMap[ch] ?? ch).normalize("NFC");
  const words = folded
    .replace(/['’ʼ`´]/gu, "")
    .split(/[^\p{L}\p{N}\p{M}]+/u)
    .filter(Boolean);
  while (words.length > 1 && leadingTitles.has(words[0] as string)) words.shift();
  while (words.length > 1 && trailingTitles.has(words[words.length - 1] as string)) words.pop();
  if (words.length > 0) return words.join(" ");
  return name.normalize("NFC").toLowerCase().trim().replace(/\s+/gu, " ");
}

/** "Dr", "PhD" and the like: words that are not part of who someone is. */
export function isTitleWord(word: string): boolean {
  const key = word.toLowerCase().replace(/\.$/u, "");
  return leadingTitles.has(key) || trailingTitles.has(key);
}

/** The role's matching key: folded like a name, without title stripping ("" for no role). */
export function normalizeRole(role: string | null | undefined): string {
  if (!role) return "";
  const words = role
    .normalize("NFKD")
    .replace(accentPattern, "$1")
    .toLowerCase()
    .replace(foldPattern, (ch) => foldMap[ch] ?? ch)
    .normalize("NFC")
    .replace(/['’ʼ`´]/gu, "")
    .split(/[^\p{L}\p{N}\p{M}+#]+/u)
    .filter(Boolean);
  return words.join(" ");
}
