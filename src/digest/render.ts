import { DateTime } from "luxon";
import {
  type Block,
  cutReason,
  escapeMrkdwn,
  oneLine,
  type SlackMessage,
  tierName,
} from "../format.js";
import { type Tier, tiers } from "../transcript/model.js";
import {
  type AttentionItem,
  type Digest,
  type DigestCandidate,
  describeFlagKind,
} from "./build.js";
import { describeWindow } from "./schedule.js";

/**
 * Digest → Block Kit and plain text. Pure. Slack rejects a message with more than 50 blocks or
 * a section text over 3,000 characters, so every list is fitted line by line into its budget:
 * a line is never cut, and whatever does not fit is summarised in one closing line ("…and 42
 * more: 12 strong, 30 average") instead of being dropped silently.
 */

export const MAX_BLOCKS = 50;
export const MAX_SECTION_CHARS = 3000;
export const MAX_HEADER_CHARS = 150;
/** Lists stay short enough to read in a channel even when more would fit. */
export const TOP_LIMIT = 10;
export const ATTENTION_LIMIT = 8;

/** Blocks plus the plain-text fallback (notifications, screen readers, clients without blocks). */
export type RenderedDigest = SlackMessage;

function change(now: number, before: number): string {
  if (now === before) return "no change";
  return now > before ? `▲${now - before}` : `▼${before - now}`;
}

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** Counts by tier, best first, of the candidates a list could not show. */
function tierBreakdown(items: { effectiveTier: Tier }[]): string {
  return [...tiers]
    .reverse()
    .map((tier) => ({ tier, n: items.filter((i) => i.effectiveTier === tier).length }))
    .filter((x) => x.n > 0)
    .map((x) => `${x.n} ${x.tier}`)
    .join(", ");
}

/**
 * Adds lines under a heading until the next one would not leave room for the summary line,
 * then closes with `summarise(remaining)`. Lines are whole or absent, never cut.
 */
export function fitLines<T>(
  heading: string,
  items: T[],
  line: (item: T, index: number) => string,
  summarise: (rest: T[]) => string,
  options: { maxLines: number; maxChars: number },
): { text: string; shown: number } {
  const out = [heading];
  let length = heading.length;
  let shown = 0;
  for (const [index, item] of items.entries()) {
    if (shown >= options.maxLines) break;
    const next = line(item, index);
    const rest = items.slice(index + 1);
    const reserve = rest.length > 0 ? summarise(rest).length + 1 : 0;
    if (length + 1 + next.length + reserve > options.maxChars) break;
    out.push(next);
    length += 1 + next.length;
    shown += 1;
  }
  if (shown < items.length) out.push(summarise(items.slice(shown)));
  return { text: out.join("\n"), shown };
}

function scopeLabel(digest: Digest): string {
  return digest.scope.kind === "channel" ? `<#${digest.scope.channelId}>` : "the whole workspace";
}

function filterLabel(digest: Digest): string | null {
  const parts: string[] = [];
  if (digest.filters.role) parts.push(`role contains “${escapeMrkdwn(digest.filters.role)}”`);
  if (digest.filters.minTier) parts.push(`listing ${digest.filters.minTier} and above`);
  return parts.length > 0 ? parts.join(" · ") : null;
}

function lateLabel(digest: Digest): string | null {
  if (!digest.late || !digest.dueAt) return null;
  const due = DateTime.fromJSDate(digest.dueAt, { zone: digest.timezone }).toFormat(
    "ccc LLL d, HH:mm",
    { locale: "en-US" },
  );
  return `Posted late: this digest was due ${due}.`;
}

function candidateLine(c: DigestCandidate, index: number): string {
  const role = c.role ? ` — ${escapeMrkdwn(oneLine(c.role, 60))}` : "";
  const tier =
    c.effectiveTier === c.tier ? c.tier : `${c.effectiveTier} (set by hand; computed ${c.tier})`;
  const reason = c.reason ? ` — ${escapeMrkdwn(cutReason(c.reason, 140))}` : "";
  return `${index + 1}. *${escapeMrkdwn(oneLine(c.name, 80))}*${role} · ${c.score.toFixed(0)} · ${tier}${reason}`;
}

function attentionLine(a: AttentionItem): string {
  const role = a.role ? ` (${escapeMrkdwn(oneLine(a.role, 60))})` : "";
  return `• *${escapeMrkdwn(oneLine(a.name, 80))}*${role}: ${escapeMrkdwn(oneLine(a.why.join("; "), 200))}`;
}

function qualityText(digest: Digest): string | null {
  const q = digest.quality;
  const counts = [
    q.offRoleQuestions > 0 ? plural(q.offRoleQuestions, "off-role question") : null,
    q.phantomReferences > 0
      ? plural(
          q.phantomReferences,
          "reference to something never said",
          "references to things never said",
        )
      : null,
    q.unansweredQuestions > 0 ? plural(q.unansweredQuestions, "unanswered question") : null,
  ].filter((x): x is string => x !== null);
  if (counts.length === 0) return null;
  const lines = [
    "*Interview quality*",
    `${counts.join(", ")} in ${plural(q.interviewsAffected, "interview")}.`,
    ...q.examples.map(
      (e) =>
        `• ${describeFlagKind(e.kind)} (${escapeMrkdwn(oneLine(e.name, 80))}): ${escapeMrkdwn(oneLine(e.message, 300))}`,
    ),
  ];
  return lines.join("\n");
}

function emptyLine(digest: Digest, period: string): string {
  const late = digest.late ? " (posted late)" : "";
  const filters = digest.filters.role ? ` for roles matching “${digest.filters.role}”` : "";
  return `No interviews${filters} in ${scopeLabel(digest)} for ${period}${late}.`;
}

export function renderDigest(digest: Digest): RenderedDigest {
  const period = describeWindow(digest.start, digest.end, digest.timezone);
  if (digest.interviews === 0) {
    const line = emptyLine(digest, period);
    return { text: line, blocks: [{ type: "section", text: { type: "mrkdwn", text: line } }] };
  }

  const blocks: Block[] = [];
  blocks.push({
    type: "header",
    text: { type: "plain_text", text: oneLine(`Hiring digest: ${period}`, MAX_HEADER_CHARS) },
  });
  const contextParts = [scopeLabel(digest), filterLabel(digest), lateLabel(digest)].filter(
    (x): x is string => x !== null,
  );
  blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: contextParts.join(" · ") }] });

  const headline = `*${plural(digest.interviews, "interview")}* with *${plural(digest.candidates, "candidate")}* (previous period: ${digest.previous.interviews} with ${digest.previous.candidates}).`;
  blocks.push({
    type: "section",
    text: { type: "mrkdwn", text: headline },
    fields: digest.tiers.map((t) => ({
      type: "mrkdwn" as const,
      text: `*${tierName(t.tier)}*\n${t.count} (${change(t.count, t.previous)})`,
    })),
  });

  if (digest.top.length > 0) {
    const top = fitLines(
      "*Top candidates*",
      digest.top,
      candidateLine,
      (rest) =>
        `…and ${rest.length} more (${tierBreakdown(rest)}): \`/candidate list\` shows them all.`,
      { maxLines: TOP_LIMIT, maxChars: MAX_SECTION_CHARS },
    );
    blocks.push({ type: "divider" });
    blocks.push({ type: "section", text: { type: "mrkdwn", text: top.text } });
  } else if (digest.filters.minTier) {
    blocks.push({
      type: "section",
      text: {
        type: "mrkdwn",
        text: `No candidates at ${digest.filters.minTier} or above this period.`,
      },
    });
  }

  if (digest.attention.length > 0) {
    const attention = fitLines(
      "*Needing attention*",
      digest.attention,
      attentionLine,
      (rest) => `…and ${plural(rest.length, "more candidate")} with overrides or low confidence.`,
      { maxLines: ATTENTION_LIMIT, maxChars: MAX_SECTION_CHARS },
    );
    blocks.push({ type: "section", text: { type: "mrkdwn", text: attention.text } });
  }

  const quality = qualityText(digest);
  if (quality) {
    blocks.push({
      type: "section",
      // At most one example per kind, each a bounded line: far below the section limit.
      text: { type: "mrkdwn", text: quality },
    });
  }

  blocks.push({
    type: "context",
    elements: [
      {
        type: "mrkdwn",
        text: "Details: `/candidate <name>` · all candidates: `/candidate list`",
      },
    ],
  });

  return { text: plainText(digest, period), blocks };
}

/** The fallback text: the headline and the first few names, well under Slack's limits. */
function plainText(digest: Digest, period: string): string {
  const scope = digest.scope.kind === "channel" ? `<#${digest.scope.channelId}>` : "the workspace";
  const late = digest.late ? " (posted late)" : "";
  const tierCounts = digest.tiers
    .filter((t) => t.count > 0)
    .map((t) => `${t.count} ${t.tier}`)
    .join(", ");
  const names = digest.top
    .slice(0, 3)
    .map((c) => `${escapeMrkdwn(oneLine(c.name, 60))} (${c.effectiveTier}, ${c.score.toFixed(0)})`)
    .join("; ");
  const top = names ? ` Top: ${names}.` : "";
  return oneLine(
    `Hiring digest for ${scope}, ${period}${late}: ${plural(digest.interviews, "interview")}, ${plural(digest.candidates, "candidate")} (${tierCounts}).${top} Use /candidate <name> for details.`,
    MAX_SECTION_CHARS,
  );
}

/**
 * The digest as plain text for the CLI: every section, lists fitted the same way as in Slack
 * (so the preview shows what the channel would get), without mrkdwn markup.
 */
export function renderDigestText(digest: Digest): string {
  const rendered = renderDigest(digest);
  const lines: string[] = [];
  for (const block of rendered.blocks) {
    if (block.type === "header") lines.push(block.text.text, "");
    else if (block.type === "context") {
      lines.push(...block.elements.map((e) => ("text" in e ? e.text : "")), "");
    } else if (block.type === "section") {
      lines.push(block.text?.text ?? "");
      if (block.fields) lines.push(block.fields.map((f) => f.text.replace("\n", ": ")).join("   "));
      lines.push("");
    }
  }
  return lines
    .join("\n")
    .replace(/\*([^*\n]+)\*/g, "$1")
    .replace(/<#([A-Z0-9_]+)>/g, "#$1")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .trimEnd();
}
