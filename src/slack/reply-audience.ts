import type { WebClient } from "@slack/web-api";
import type { DbOrTx } from "../db/client.js";
import { channelSettingsOf } from "../db/repositories/channel-settings.js";
import { slackErrorCode } from "../slack-outbound.js";

/**
 * Who may read an upload's ranking where it was shared. Anyone in a workspace can join a public
 * channel and read its threads, so a public channel's thread gets one line and the uploader the
 * ranking privately, unless an admin allowed full replies there
 * (`/candidate channel public-replies on`). A private channel, a group DM or a DM with the app
 * gets the full reply in the thread, read only by people who could look the candidates up
 * anyway.
 *
 * The conversation's kind comes from the event when it says (`channel_type` on message events:
 * `channel`, `group`, `im`, `mpim`), otherwise from `conversations.info` (a `file_shared` event,
 * a job recovered after a restart). When Slack will not say, the channel is treated as public:
 * a wrong guess then costs a click, not a leak.
 */

export type ConversationKind = "public" | "private" | "im" | "mpim";

/** Where the ranking goes: the thread, or only the uploader (with one line in the thread). */
export type ReplyAudience = "thread" | "uploader";

/** A message event's `channel_type` as a conversation kind (undefined when absent or unknown). */
export function kindFromChannelType(channelType: string | undefined): ConversationKind | undefined {
  switch (channelType) {
    case "channel":
      return "public";
    case "group":
      return "private";
    case "im":
      return "im";
    case "mpim":
      return "mpim";
    default:
      return undefined;
  }
}

/** The policy itself, pure. */
export function audienceFor(kind: ConversationKind, publicRepliesAllowed: boolean): ReplyAudience {
  return kind === "public" && !publicRepliesAllowed ? "uploader" : "thread";
}

interface ConversationInfo {
  is_im?: boolean;
  is_mpim?: boolean;
  is_private?: boolean;
  is_group?: boolean;
}

/** What `conversations.info` says about a channel. */
export function kindFromInfo(channel: ConversationInfo): ConversationKind {
  if (channel.is_im) return "im";
  if (channel.is_mpim) return "mpim";
  if (channel.is_private || channel.is_group) return "private";
  return "public";
}

/**
 * Conversation kinds, remembered per channel: hints from events, else `conversations.info`,
 * cached (a channel rarely changes between public and private; an hour bounds the staleness).
 */
export class ConversationKinds {
  private readonly known = new Map<string, { kind: ConversationKind; expires: number }>();

  constructor(
    private readonly client: WebClient,
    private readonly options: {
      ttlMs?: number;
      now?: () => number;
      /** Told when Slack would not describe a channel (it is then treated as public). */
      onLookupFailed?: (channelId: string, why: string) => void;
    } = {},
  ) {}

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** What an event said about the channel. */
  hint(channelId: string, kind: ConversationKind | undefined): void {
    if (!kind) return;
    this.known.set(channelId, { kind, expires: this.now() + (this.options.ttlMs ?? 3_600_000) });
    if (this.known.size > 10_000) this.known.delete(this.known.keys().next().value as string);
  }

  /** The channel's kind; "public" when Slack cannot tell us (fail closed). */
  async kindOf(channelId: string): Promise<ConversationKind> {
    const hit = this.known.get(channelId);
    if (hit && hit.expires > this.now()) return hit.kind;
    try {
      const response = await this.client.conversations.info({ channel: channelId });
      const kind = kindFromInfo((response.channel ?? {}) as ConversationInfo);
      this.hint(channelId, kind);
      return kind;
    } catch (error) {
      this.options.onLookupFailed?.(channelId, slackErrorCode(error) ?? "no answer");
      return "public";
    }
  }
}

/** The audience of an upload's reply in a channel: the kind, then the channel's setting. */
export async function replyAudience(
  db: DbOrTx,
  kinds: ConversationKinds,
  teamId: string,
  channelId: string,
): Promise<{ audience: ReplyAudience; kind: ConversationKind }> {
  const kind = await kinds.kindOf(channelId);
  if (kind !== "public") return { audience: "thread", kind };
  const settings = await channelSettingsOf(db, teamId, channelId);
  return { audience: audienceFor(kind, settings?.publicReplies ?? false), kind };
}
