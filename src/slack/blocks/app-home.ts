import type { types } from "@slack/bolt";
import type { CandidateListRow } from "../../candidates/types.js";
import type { SlackUploadSummary } from "../../db/repositories/transcripts.js";
import {
  type Block,
  button,
  clipLines,
  context,
  escapeMrkdwn,
  formatScore,
  header,
  oneLine,
  section,
  slackDate,
  tierBadge,
  tierName,
} from "../../format.js";
import type { Tier } from "../../transcript/model.js";
import { actionIds } from "../action-ids.js";

export type HomeUpload = SlackUploadSummary;

/** What App Home needs of a digest subscription (the digest feature's summary fits). */
export interface HomeSubscription {
  channelId: string;
  description: string;
  active: boolean;
  disabledReason: string | null;
  nextDueAt: Date | null;
  lastPostedAt: Date | null;
  roleFilter: string | null;
  minTier: Tier | null;
}

export interface HomeInput {
  uploads: HomeUpload[];
  candidates: CandidateListRow[];
  subscriptions: HomeSubscription[];
  isAdmin: boolean;
}

function uploadStatus(u: HomeUpload): string {
  if (u.status === "failed")
    return `:warning: not used: ${escapeMrkdwn(oneLine(u.errorMessage ?? "failed", 120))}`;
  if (u.status === "done") {
    const base = u.duplicate
      ? ":recycle: already imported"
      : `:white_check_mark: ${u.candidateCount} candidate${u.candidateCount === 1 ? "" : "s"}`;
    return u.replyError ? `${base} (reply not posted: ${escapeMrkdwn(u.replyError)})` : base;
  }
  return ":hourglass_flowing_sand: processing";
}

/**
 * The Home tab: recent uploads in the viewer's channels with their status, the top candidates
 * the viewer may see, and the digest subscriptions of the viewer's channels.
 */
export function renderAppHome(input: HomeInput): types.HomeView {
  const blocks: Block[] = [header("Hiring signal")];
  blocks.push(
    context(
      input.isAdmin
        ? "You are a hiring admin: you see every channel's candidates."
        : "You see candidates whose transcripts were shared in channels you are in.",
    ),
  );

  blocks.push(section("*Recent uploads*"));
  if (input.uploads.length === 0) {
    blocks.push(
      context("No transcripts yet. Share one (.txt, .md, .vtt, .srt) in a channel I'm in."),
    );
  } else {
    const lines = input.uploads.slice(0, 10).map((u) => {
      const where = u.channelId ? ` in <#${u.channelId}>` : "";
      return `${slackDate(u.createdAt)} · *${escapeMrkdwn(oneLine(u.fileName ?? "transcript", 60))}*${where} · ${uploadStatus(u)}`;
    });
    blocks.push(section(lines.join("\n")));
  }

  blocks.push({ type: "divider" });
  blocks.push(section("*Top candidates*"));
  if (input.candidates.length === 0) {
    blocks.push(context("No candidates you can see yet."));
  } else {
    input.candidates.slice(0, 10).forEach((c, i) => {
      const role = c.role ?? c.roles[0];
      blocks.push({
        type: "section",
        text: {
          type: "mrkdwn",
          text: clipLines(
            `*${i + 1}. ${escapeMrkdwn(oneLine(c.name, 80))}*${role ? ` · ${escapeMrkdwn(oneLine(role, 60))}` : ""}\n${tierBadge(c.tier)} · ${formatScore(c.score)}`,
            3000,
          ),
        },
        accessory: button("Details", `${actionIds.details}:${i}`, c.candidateId),
      });
    });
  }

  blocks.push({ type: "divider" });
  blocks.push(section("*Weekly digests in your channels*"));
  if (input.subscriptions.length === 0) {
    blocks.push(
      context("None yet. In a hiring channel: `/candidate digest subscribe [weekday] [HH:MM]`."),
    );
  } else {
    const lines = input.subscriptions.slice(0, 15).map((s) => {
      const filters = [
        s.roleFilter ? `role “${escapeMrkdwn(oneLine(s.roleFilter, 40))}”` : "",
        s.minTier ? `${tierName(s.minTier)} and up` : "",
      ]
        .filter(Boolean)
        .join(", ");
      const state = s.active
        ? `next ${s.nextDueAt ? slackDate(s.nextDueAt) : "soon"}`
        : `:no_entry: paused${s.disabledReason ? `: ${escapeMrkdwn(oneLine(s.disabledReason, 80))}` : ""}`;
      const last = s.lastPostedAt ? ` · last ${slackDate(s.lastPostedAt)}` : "";
      return `<#${s.channelId}> · ${escapeMrkdwn(s.description)}${filters ? ` · ${filters}` : ""} · ${state}${last}`;
    });
    blocks.push(section(lines.join("\n")));
  }
  blocks.push(context("`/candidate help` lists every command."));
  return { type: "home", blocks: blocks.slice(0, 100) };
}
