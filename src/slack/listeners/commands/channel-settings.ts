import type { WebClient } from "@slack/web-api";
import { recordAudit } from "../../../candidates/audit.js";
import { channelSettingsOf, setPublicReplies } from "../../../db/repositories/channel-settings.js";
import type { SlackMessage } from "../../../format.js";
import { renderNotice } from "../../blocks/candidate-summary.js";
import type { Viewer } from "../../candidate-views.js";
import type { SlackDeps } from "../../deps.js";
import { type ConversationKind, ConversationKinds } from "../../reply-audience.js";

const USAGE =
  "Usage: `/candidate channel public-replies on|off` (hiring admins), or `/candidate channel` to see this channel's setting.";

/** What `/candidate channel <args>` asks for. Pure. */
export type ChannelCommand =
  | { kind: "status" }
  | { kind: "public-replies"; on: boolean }
  | { kind: "invalid"; message: string };

export function parseChannelCommand(args: string): ChannelCommand {
  const words = args.trim().toLowerCase().split(/\s+/u).filter(Boolean);
  if (words.length === 0 || (words.length === 1 && words[0] === "status")) {
    return { kind: "status" };
  }
  const [setting, value, ...extra] = words;
  if (setting !== "public-replies" || extra.length > 0) return { kind: "invalid", message: USAGE };
  if (value === "on") return { kind: "public-replies", on: true };
  if (value === "off") return { kind: "public-replies", on: false };
  return { kind: "invalid", message: USAGE };
}

function describe(kind: ConversationKind, publicReplies: boolean): string {
  if (kind !== "public") {
    return "This conversation is not public, so upload replies list the candidates in the thread.";
  }
  return publicReplies
    ? "Full replies are allowed in this public channel: upload replies list the candidates in the thread."
    : "This channel is public, so an upload's thread gets one line and the uploader gets the ranking privately.";
}

/**
 * `/candidate channel [public-replies on|off]`: whether upload replies in this public channel
 * may list the candidates. Anyone may read the setting; only hiring admins change it, and every
 * change is audited (who, where, from what to what).
 */
export async function handleChannelCommand(
  deps: SlackDeps,
  client: WebClient,
  viewer: Viewer,
  args: string,
): Promise<SlackMessage> {
  const command = parseChannelCommand(args);
  const channelId = viewer.channelId;
  if (command.kind === "invalid") return renderNotice(command.message);
  if (!channelId) return renderNotice("Run this in the channel it is about.");
  const kind = await new ConversationKinds(client).kindOf(channelId);
  if (command.kind === "status") {
    const settings = await channelSettingsOf(deps.db, viewer.teamId, channelId);
    return renderNotice(describe(kind, settings?.publicReplies ?? false));
  }
  if (!deps.access.isAdmin(viewer.userId)) {
    return renderNotice("Only hiring admins can change where upload replies go.");
  }
  const { previous } = await setPublicReplies(deps.db, {
    teamId: viewer.teamId,
    channelId,
    on: command.on,
    actorId: viewer.userId,
  });
  await recordAudit(deps.db, {
    teamId: viewer.teamId,
    actorId: viewer.userId,
    action: "channel_setting",
    channelId,
    details: { setting: "public_replies", from: previous, to: command.on, kind },
  });
  const done = command.on
    ? "Done: upload replies here will list the candidates in the thread, for everyone in the channel to read."
    : "Done: upload replies here will give the thread one line and send the ranking to the uploader privately.";
  return renderNotice(
    kind === "public"
      ? done
      : `Saved. This conversation is not public, so replies already list the candidates here; the setting applies if it is ever made public.`,
  );
}
