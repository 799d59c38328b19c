import type { UploadCandidateLine } from "../../db/repositories/uploads.js";
import {
  type Block,
  button,
  clipLines,
  context,
  cutReason,
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
import { describeFlagKinds } from "./interview-flags.js";

/** Slack allows 50 blocks; the intro, the interview block, the footer and a "more" line take four. */
const MAX_CANDIDATE_BLOCKS = 44;

/** The reaction left on the file's message once the upload is answered. */
export function uploadReaction(reply: UploadReply): string {
  if (reply.kind === "rejected") return "warning";
  return reply.duplicate ? "recycle" : "white_check_mark";
}

/** The reaction left the moment an upload is recorded, replaced by `uploadReaction`'s. */
export const RECEIVED_REACTION = "hourglass_flowing_sand";

export interface UploadReplyOptions {
  /**
   * The reply is the uploader's private copy of a public channel's ranking: says so, so nobody
   * wonders why the thread holds only one line.
   */
  privateCopyOf?: string | undefined;
}

function noun(n: number): string {
  return n === 1 ? "candidate" : "candidates";
}

/**
 * The interview-quality flags are about the interviewer (an off-role question, a question left
 * unanswered), so they get their own block instead of a flag beside a candidate's name, which
 * reads as a mark against the candidate.
 */
function aboutTheInterview(list: readonly UploadCandidateLine[]): Block | undefined {
  const kinds = list.flatMap((c) => c.flagKinds ?? []);
  if (kinds.length === 0) return undefined;
  const flagged = list.filter((c) => (c.flagKinds ?? []).length > 0).length;
  return context(
    `*About the interview:* ${describeFlagKinds(kinds)} (in ${flagged} of ${list.length} interviews). These are about the questions asked, not the candidates; each card's Details say where.`,
  );
}

/**
 * The in-thread answer to an upload: the candidates found, best first, each with its tier,
 * score, one-line reason and a Details button; or one sentence saying why the file was not used.
 */
export function renderUploadReply(
  reply: UploadReply,
  options: UploadReplyOptions = {},
): SlackMessage {
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
  const intro = reply.duplicate
    ? `*${escapeMrkdwn(fileName)}* was already imported; here are its ${list.length} ${noun(list.length)}, best first.`
    : `Scored *${escapeMrkdwn(fileName)}*: ${list.length} ${noun(list.length)}, best first.`;
  const blocks: Block[] = [section(intro)];
  list.slice(0, MAX_CANDIDATE_BLOCKS).forEach((c, i) => {
    const role = c.role ? ` · ${escapeMrkdwn(oneLine(c.role, 80))}` : "";
    const reason = c.reason ? `\n${escapeMrkdwn(cutReason(c.reason, 200))}` : "";
    blocks.push({
      type: "section",
      text: {
        type: "mrkdwn",
        text: clipLines(
          `*${i + 1}. ${escapeMrkdwn(oneLine(c.name, 80))}*${role}\n${tierBadge(c.tier)} · ${formatScore(c.score)}${reason}`,
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
  const about = aboutTheInterview(list);
  if (about) blocks.push(about);
  // Not for a re-upload: its scores are the first import's, and the model was not asked again.
  const note = reply.duplicate ? null : scorerNote(list.map((c) => c.llmFallback));
  if (note) blocks.push(context(`:warning: ${note}`));
  blocks.push(
    context(
      options.privateCopyOf
        ? `Only you can see this: <#${options.privateCopyOf}> is a public channel, so the thread got one line instead of the ranking.`
        : "Details are shown only to you. `/candidate <name>` looks anyone up.",
    ),
  );
  const text = [
    reply.duplicate ? `${fileName} was already imported:` : `Scored ${fileName}:`,
    ...list.map(
      (c, i) =>
        `${i + 1}. ${c.name}${c.role ? ` (${c.role})` : ""}: ${tierName(c.tier)}, ${formatScore(c.score)}`,
    ),
    ...(note ? [note] : []),
  ].join("\n");
  return { text: clipLines(text, 3000), blocks };
}

/**
 * What a public channel's thread gets instead of the ranking: who it went to, and how an admin
 * allows full replies. Names no candidate.
 */
export function renderPublicThreadLine(
  reply: Extract<UploadReply, { kind: "imported" }>,
  delivery: { uploaderId: string | undefined; delivered: boolean },
): SlackMessage {
  const fileName = reply.transcript.fileName ?? "this file";
  const n = reply.candidates.length;
  const what = reply.duplicate
    ? `*${escapeMrkdwn(fileName)}* was already imported (${n} ${noun(n)})`
    : `Scored ${n} ${noun(n)} from *${escapeMrkdwn(fileName)}*`;
  const where =
    delivery.delivered && delivery.uploaderId
      ? `the ranking was sent to <@${delivery.uploaderId}> privately.`
      : "the ranking is not posted here because this channel is public; members can see it with `/candidate list`.";
  const line = `${what}; ${where}`;
  return {
    text: line.replace(/\*/gu, ""),
    blocks: [
      section(line),
      context(
        "Candidate details stay out of public channels. A hiring admin can allow full replies here with `/candidate channel public-replies on`.",
      ),
    ],
  };
}

/** The line posted when an upload takes more than a few seconds; the result replaces it. */
export function renderWorkingOnIt(fileName: string | null): SlackMessage {
  const name = fileName ?? "this file";
  const line = `:hourglass_flowing_sand: Working on *${escapeMrkdwn(oneLine(name, 120))}*; this one takes a little longer. The result will appear here.`;
  return { text: `Working on ${name}…`, blocks: [section(line)] };
}

/**
 * An attempt could not store the file because the database failed; the job retries on its
 * own. Posted once per upload, as its progress line, so the result replaces it.
 */
export function renderSaveRetrying(fileName: string | null): SlackMessage {
  const name = escapeMrkdwn(oneLine(fileName ?? "this file", 120));
  const line = `:hourglass_flowing_sand: I couldn't save *${name}* just now; I'll try again automatically and post the result here.`;
  return { text: line.replace(/\*/gu, ""), blocks: [section(line)] };
}

/**
 * The upload could not even be recorded (the database is down). `gaveUp`: after minutes of
 * trying, the one sentence that says to share it again.
 */
export function renderCannotRecord(fileName: string | null, gaveUp: boolean): SlackMessage {
  const name = escapeMrkdwn(oneLine(fileName ?? "this file", 120));
  const line = gaveUp
    ? `:warning: I still couldn't save *${name}*; please share it again later.`
    : `:warning: I can't save files right now; I'll keep trying with *${name}* for the next few minutes and post the result here.`;
  return { text: line.replace(/\*/gu, ""), blocks: [section(line)] };
}
