import type { App } from "@slack/bolt";
import { z } from "zod";
import type { SlackDeps } from "../../deps.js";
import { decideFile, needsFileInfo, type SlackFile, slackFileSchema } from "../../files.js";
import { eventTeamId, startUpload } from "./start-upload.js";

const fileShareMessageSchema = z.looseObject({
  type: z.literal("message"),
  subtype: z.string().optional(),
  channel: z.string().min(1),
  channel_type: z.string().optional(),
  user: z.string().optional(),
  bot_id: z.string().optional(),
  ts: z.string().min(1),
  thread_ts: z.string().optional(),
  files: z.array(slackFileSchema).min(1),
});

/**
 * A message with files (`subtype: file_share`). Bolt has acknowledged the event already; the
 * upload is recorded before any work, then processed (claimed, so a Slack retry or another
 * replica receiving the same event does nothing).
 */
export function registerFileShareMessage(app: App, deps: SlackDeps): void {
  app.event("message", async ({ event, body, client }) => {
    const parsed = fileShareMessageSchema.safeParse(event);
    if (!parsed.success) return;
    const message = parsed.data;
    if (message.subtype !== undefined && message.subtype !== "file_share") return;
    if (message.bot_id) return;
    const teamId = eventTeamId(body);

    for (const stub of message.files) {
      let file: SlackFile = stub;
      if (needsFileInfo(stub)) {
        const info = await client.files.info({ file: stub.id });
        file = slackFileSchema.parse(info.file);
      }
      if (decideFile(file, deps.config.MAX_FILE_BYTES).kind === "ignore") {
        deps.logger.debug({ fileId: file.id }, "ignored a non-transcript file");
        continue;
      }
      await startUpload(deps, {
        teamId,
        file,
        channelId: message.channel,
        messageTs: message.ts,
        threadTs: message.thread_ts ?? message.ts,
        uploaderId: message.user,
        channelType: message.channel_type,
      });
    }
  });
}
