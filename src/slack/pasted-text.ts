import { AppError } from "../errors.js";

/**
 * Text pasted into a message, as an upload: Slack's message text is mrkdwn, so the escaping
 * and link markup it adds are undone first, and the app's own mention is removed.
 */

/** Slack cuts message text at 40,000 characters. */
export const SLACK_MESSAGE_LIMIT = 40_000;
/** A DM counts as a pasted transcript from this length (shorter DMs are conversation). */
export const MIN_DM_TRANSCRIPT_CHARS = 400;
/** After the mention is removed, this much text makes a mention a pasted transcript. */
export const MIN_MENTION_TRANSCRIPT_CHARS = 80;

/** The upload key of a pasted message: channel and ts identify it, as a file id does a file. */
export function pastedMessageKey(channelId: string, ts: string): string {
  return `msg:${channelId}:${ts}`;
}

export function isPastedMessageKey(key: string | null | undefined): boolean {
  return typeof key === "string" && key.startsWith("msg:");
}

/**
 * Undoes Slack's mrkdwn encoding: `<https://x|label>` is `label`, `<https://x>` and
 * `<mailto:a@b.c|a@b.c>` are their text, `<@U123>` is `@U123` (`<@U123|jane>` is `@jane`),
 * `<#C123|hiring>` is `#hiring`, `<!here>` is `@here`; then `&lt;`, `&gt;`, `&amp;`. Mentions of
 * `botUserId` are removed.
 */
export function unescapeMrkdwn(text: string, botUserId?: string): string {
  const out = text.replace(/<([^<>]*)>/g, (_whole, inner: string) => {
    const bar = inner.indexOf("|");
    const target = bar === -1 ? inner : inner.slice(0, bar);
    const label = bar === -1 ? undefined : inner.slice(bar + 1);
    if (target.startsWith("@")) {
      if (botUserId && target.slice(1) === botUserId) return "";
      return `@${label ?? target.slice(1)}`;
    }
    if (target.startsWith("#")) return `#${label ?? target.slice(1)}`;
    if (target.startsWith("!")) {
      if (label) return label;
      const special = target.slice(1).split("^")[0] ?? "";
      return `@${special}`;
    }
    if (label !== undefined) return label;
    return target.startsWith("mailto:") ? target.slice("mailto:".length) : target;
  });
  return out.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

/**
 * The transcript text of a message: the mention that opens it (the app's, whoever reads it back
 * without knowing the bot's id) and any other mention of the app removed, mrkdwn undone, edges
 * trimmed.
 */
export function pastedTranscriptText(text: string, botUserId?: string): string {
  return unescapeMrkdwn(text.replace(/^\s*<@[A-Z0-9]+>/, ""), botUserId).trim();
}

/**
 * A message at Slack's limit was cut off, so the interview's end is missing: better one clear
 * sentence than a score for half an interview.
 */
export function checkNotCutOff(rawLength: number): void {
  if (rawLength >= SLACK_MESSAGE_LIMIT) {
    throw new AppError(
      "FILE_TOO_LARGE",
      "This message reached Slack's 40,000-character limit, so the transcript is probably cut off; share it as a file (.txt, .docx or .pdf) instead.",
    );
  }
}
