import {
  type Block,
  button,
  clipLines,
  context,
  escapeMrkdwn,
  formatScore,
  oneLine,
  type SlackMessage,
  section,
  tierBadge,
  tierName,
} from "../../format.js";
import type { UploadReply } from "../../ingest/uploads.js";
import { scorerNote } from "../../llm/note.js";
import { actionIds } from "../action-ids.js";

/** Slack allows 50 blocks; the header, the footer and a "more" line take three. */
const MAX_CANDIDATE_BLOCKS = 45;

/** The reaction left on the file's message, so the channel sees the outcome at a glance. */
export function uploadReaction(reply: UploadReply): string {
  if (reply.kind === "rejected") return "warning";
  return reply.duplicate ? "recycle" : "white_check_mark";
}

/**
 * The in-thread answer to an upload: the candidates found, best first, each with its tier,
 * score, one-line reason and a Details button; or one sentence saying why the file was not used.
 */
export function renderUploadReply(reply: UploadReply): SlackMessage {
  const fileName = reply.transcript.fileName ?? "this file";
  if (reply.kind === "rejected") {
    return {
      text: `I could not use ${fileName}: ${reply.message}`,
      blocks: [
        section(
          `:warning: I could not use *${escapeMrkdwn(fileName)}*. ${escapeMrkdwn(reply.message)}`,
        ),
      ],
    };
  }
  const list = reply.candidates;
  if (list.length === 0) {
    return {
      text: `${fileName} was imported, but no candidates are on record for it any more.`,
      blocks: [
        section(
          `*${escapeMrkdwn(fileName)}* was imported, but no candidates are on record for it any more.`,
        ),
      ],
    };
  }
  const noun = list.length === 1 ? "candidate" : "candidates";
  const intro = reply.duplicate
    ? `*${escapeMrkdwn(fileName)}* was already imported; here are its ${list.length} ${noun}, best first.`
    : `Imported *${escapeMrkdwn(fileName)}*: ${list.length} ${noun}, best first.`;
  const blocks: Block[] = [section(intro)];
  list.slice(0, MAX_CANDIDATE_BLOCKS).forEach((c, i) => {
    const role = c.role ? ` · ${escapeMrkdwn(oneLine(c.role, 80))}` : "";
    const flags = c.flagCount > 0 ? ` · :triangular_flag_on_post: ${c.flagCount}` : "";
    blocks.push({
      type: "section",
      text: {
        type: "mrkdwn",
        text: clipLines(
          `*${i + 1}. ${escapeMrkdwn(oneLine(c.name, 80))}*${role}\n${tierBadge(c.tier)} · ${formatScore(c.score)}${flags}\n${escapeMrkdwn(oneLine(c.reason, 200))}`,
          3000,
        ),
      },
      accessory: button("Details", `${actionIds.details}:${i}`, c.candidateId),
    });
  });
  if (list.length > MAX_CANDIDATE_BLOCKS) {
    blocks.push(
      context(
        `…and ${list.length - MAX_CANDIDATE_BLOCKS} more: \`/candidate list\` shows them all.`,
      ),
    );
  }
  // Not for a re-upload: its scores are the first import's, and the model was not asked again.
  const note = reply.duplicate ? null : scorerNote(list.map((c) => c.llmFallback));
  if (note) blocks.push(context(`:warning: ${note}`));
  blocks.push(context("Details are shown only to you. `/candidate <name>` looks anyone up."));
  const text = [
    reply.duplicate ? `${fileName} was already imported:` : `Imported ${fileName}:`,
    ...list.map(
      (c, i) =>
        `${i + 1}. ${c.name}${c.role ? ` (${c.role})` : ""}: ${tierName(c.tier)}, ${formatScore(c.score)}`,
    ),
    ...(note ? [note] : []),
  ].join("\n");
  return { text: clipLines(text, 3000), blocks };
}
