import type { App } from "@slack/bolt";
import { z } from "zod";
import type { SlackDeps } from "../../deps.js";
import {
  MIN_DM_TRANSCRIPT_CHARS,
  MIN_MENTION_TRANSCRIPT_CHARS,
  pastedMessageKey,
  pastedTranscriptText,
} from "../../pasted-text.js";
import { kindFromChannelType } from "../../reply-audience.js";

const messageSchema = z.looseObject({
  type: z.enum(["app_mention", "message"]),
  subtype: z.string().optional(),
  channel: z.string().min(1),
  channel_type: z.string().optional(),
  user: z.string().min(1).optional(),
  bot_id: z.string().optional(),
  text: z.string().optional(),
  ts: z.string().min(1),
  thread_ts: z.string().optional(),
  files: z.array(z.unknown()).optional(),
});

/** The name a pasted transcript is stored under (and the candidate's last-resort name). */
export const PASTED_FILE_NAME = "Pasted transcript.txt";

/**
 * Text pasted into a message is an upload of that text: `@Hiring Signal` + the transcript in a
 * channel, or a long message in a DM with the app. It becomes the same durable upload job as a
 * file (keyed on channel + ts instead of a file id), so the thread reply, dedup by content hash
 * and channel-based access are the file path's own.
 */
export function registerPastedText(app: App, deps: SlackDeps): void {
  const handle = async (
    event: unknown,
    body: unknown,
    botUserId: string | undefined,
    minChars: number,
  ) => {
    const parsed = messageSchema.safeParse(event);
    if (!parsed.success) return;
    const message = parsed.data;
    if (message.bot_id || message.subtype !== undefined || message.files?.length) return;
    if (!message.user || message.user === botUserId) return;
    const raw = message.text ?? "";
    const text = pastedTranscriptText(raw, botUserId);
    if (text.length < minChars) return;
    const teamId = z
      .string()
      .min(1)
      .parse((body as { team_id?: unknown }).team_id);
    const key = pastedMessageKey(message.channel, message.ts);
    const bytes = Buffer.from(text, "utf8");
    const { transcript, created } = await deps.recorder.record({
      teamId,
      slackFileId: key,
      channelId: message.channel,
      messageTs: message.ts,
      threadTs: message.thread_ts ?? message.ts,
      uploaderId: message.user,
      fileName: PASTED_FILE_NAME,
      sizeBytes: bytes.byteLength,
    });
    deps.ports.rememberMessage(key, raw, botUserId);
    if (created) {
      await deps.ports.received(transcript, { kind: kindFromChannelType(message.channel_type) });
    }
    await deps.uploads.process(transcript.id);
  };

  app.event("app_mention", async ({ event, body, context }) => {
    await handle(event, body, context.botUserId, MIN_MENTION_TRANSCRIPT_CHARS);
  });
  app.event("message", async ({ event, body, context }) => {
    if ((event as { channel_type?: string }).channel_type !== "im") return;
    await handle(event, body, context.botUserId, MIN_DM_TRANSCRIPT_CHARS);
  });
}
