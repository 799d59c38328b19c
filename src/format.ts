import type { Button, KnownBlock } from "@slack/types";
import type { Tier } from "./transcript/model.js";

/**
 * The one home of text and Block Kit helpers: pure, below slack/, digest/, candidates/ and
 * render/ (the CLI), so a name is cut, escaped and a tier named the same way everywhere.
 */

export type Block = KnownBlock;

/** What a renderer returns: blocks plus the plain-text fallback Slack shows in notifications. */
export interface SlackMessage {
  text: string;
  blocks: Block[];
}

/**
 * Candidate data goes into mrkdwn, where `<`, `>` and `&` are control characters: an answer
 * containing `<!channel>` must not ping anyone. Slack's own escaping rule, nothing more.
 */
export function escapeMrkdwn(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/** Longest one-line reason: fits a Slack section line and a CLI column without wrapping badly. */
export const REASON_MAX_CHARS = 140;

/**
 * One line of at most `max` characters, cut at a word boundary with an ellipsis: for inline
 * values (names, roles, reasons), whose own line breaks must not break the layout.
 */
export function oneLine(text: string, max = REASON_MAX_CHARS): string {
  return cut(text.replace(/\s+/gu, " ").trim(), max);
}

/** Like `clip`, but keeps line breaks: for whole mrkdwn sections built from several lines. */
export function clipLines(text: string, max: number): string {
  return cut(
    text
      .replace(/[^\S\n]+/gu, " ")
      .replace(/ ?\n ?/gu, "\n")
      .trim(),
    max,
  );
}

/** Items (strengths, concerns) in one line: their closing full stops dropped before each `;`. */
export function listLine(items: readonly string[], max: number, none = "none noted"): string {
  if (items.length === 0) return none;
  return oneLine(items.map((i) => i.trim().replace(/[.;]+$/u, "")).join("; "), max);
}

/** Cuts at the last space when that keeps over half the text; no dangling punctuation. */
function cut(flat: string, max: number): string {
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max * 0.5 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/u, "")}…`;
}

const tierLabels: Record<Tier, string> = {
  exceptional: "Exceptional",
  strong: "Strong",
  average: "Average",
  weak: "Weak",
};
const tierEmoji: Record<Tier, string> = {
  exceptional: ":star2:",
  strong: ":large_green_circle:",
  average: ":large_yellow_circle:",
  weak: ":red_circle:",
};

/** The tier with its emoji, for Slack lists and summaries. */
export function tierBadge(tier: Tier | null): string {
  return tier ? `${tierEmoji[tier]} ${tierLabels[tier]}` : "no tier";
}

/** The tier's name, capitalised ("Strong"). */
export function tierName(tier: Tier | null): string {
  return tier ? tierLabels[tier] : "no tier";
}

export function formatScore(score: number | null): string {
  return score === null ? "–" : `${Math.round(score)}/100`;
}

export function section(text: string): Block {
  return { type: "section", text: { type: "mrkdwn", text: clipLines(text, 3000) } };
}

export function context(text: string): Block {
  return { type: "context", elements: [{ type: "mrkdwn", text: clipLines(text, 3000) }] };
}

export function header(text: string): Block {
  return { type: "header", text: { type: "plain_text", text: oneLine(text, 150), emoji: true } };
}

export function button(
  text: string,
  actionId: string,
  value: string,
  style?: "primary" | "danger",
): Button {
  return {
    type: "button",
    text: { type: "plain_text", text: oneLine(text, 75), emoji: true },
    action_id: actionId,
    value: value.slice(0, 2000),
    ...(style ? { style } : {}),
  };
}

/** A Slack date token: shown in the reader's own time zone, with a fallback. */
export function slackDate(date: Date): string {
  const seconds = Math.floor(date.getTime() / 1000);
  return `<!date^${seconds}^{date_short}|${date.toISOString().slice(0, 10)}>`;
}

/** A link to a message, from the workspace domain the request carried. */
export function messageLink(
  domain: string | undefined,
  channelId: string,
  ts: string,
): string | undefined {
  if (!domain || !/^[a-z0-9-]+$/iu.test(domain)) return undefined;
  return `https://${domain}.slack.com/archives/${channelId}/p${ts.replace(".", "")}`;
}

/** Straight and curly double quotes: the scorer quotes the candidate's words with them. */
const QUOTE = /["“”]/gu;

/**
 * A text cut earlier (stored cut at ingest) may end inside a quote: `…: "a", "b…`. Drops the
 * unfinished quote, so what is left reads `…: "a"` with an ellipsis.
 */
function dropUnclosedQuote(text: string): string {
  const quotes = [...text.matchAll(QUOTE)];
  if (quotes.length % 2 === 0) return text;
  const open = quotes.at(-1)?.index ?? text.length;
  const kept = text
    .slice(0, open)
    .replace(/[\s,;:(]+$/u, "")
    .trimEnd();
  return kept.length > 0 ? `${kept}…` : text.replace(QUOTE, "");
}

/**
 * A quoted excerpt that starts mid-word (`"…trategy resulted in"`) reads as a typo: the
 * lowercase fragment after a leading ellipsis is dropped (`"…resulted in"`).
 */
function tidyExcerpts(text: string): string {
  return text.replace(/(["“])…([a-z][\p{L}'’-]*) /gu, "$1…");
}

/**
 * A scoring reason as a reader should see it: on one line, at most `max` characters, cut at a
 * word and never inside a quote. When the cut would fall inside a quoted excerpt, the excerpt is
 * left out whole (`…: "a", "b"…` → `…: "a"…`); only when that would keep less than half the
 * space is the excerpt itself cut at a word and closed (`"a b…"`).
 */
export function cutReason(text: string, max = REASON_MAX_CHARS): string {
  const flat = tidyExcerpts(dropUnclosedQuote(text.replace(/\s+/gu, " ").trim()));
  if (flat.length <= max) return flat;
  const room = flat.slice(0, max - 1);
  const quotes = [...room.matchAll(QUOTE)];
  if (quotes.length % 2 === 0) return cut(flat, max);
  const open = quotes.at(-1)?.index ?? 0;
  const before = flat
    .slice(0, open)
    .replace(/[\s,;:(]+$/u, "")
    .trimEnd();
  if (before.length > max * 0.5) return `${before}…`;
  // The quote is most of the line: cut inside it at a word and close it.
  const inner = cut(flat, max - 1).replace(/…$/u, "");
  return `${inner}…${flat[open] === "“" ? "”" : '"'}`;
}

/**
 * The comparable form of a sentence, for "said already?": without a `Q3: ` prefix, case,
 * spacing, quotes or final punctuation.
 */
export function sentenceKey(text: string): string {
  return text
    .replace(/^Q\d+:\s*/u, "")
    .toLowerCase()
    .replace(QUOTE, "")
    .replace(/\s+/gu, " ")
    .replace(/[\s.…!]+$/u, "")
    .trim();
}

/**
 * The question an interviewer asked, without the pleasantries before it ("That's a great
 * example, thank you. Now, how would you…?"): the last sentence that asks something, else the
 * last sentence, markdown emphasis removed, cut at a word.
 */
export function shortQuestion(question: string, max = 90): string {
  const flat = question
    .replace(/[*_`~]+/gu, "")
    .replace(/\s+/gu, " ")
    .trim();
  const sentences = flat.match(/[^.?!]+[.?!]*/gu)?.map((s) => s.trim()) ?? [flat];
  const asked = [...sentences].reverse().find((s) => s.endsWith("?"));
  const chosen = asked ?? sentences.at(-1) ?? flat;
  return oneLine(chosen.length >= 12 ? chosen : flat, max);
}
