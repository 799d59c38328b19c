import type { App } from "@slack/bolt";
import { z } from "zod";
import type { SlackDeps } from "../../deps.js";
import { decideFile, shareTs, slackFileSchema } from "../../files.js";
import { eventTeamId, startUpload } from "./start-upload.js";

const fileSharedSchema = z.looseObject({
  type: z.literal("file_shared"),
  file_id: z.string().min(1),
  user_id: z.string().optional(),
  channel_id: z.string().min(1),
});

/**
 * `file_shared` carries only ids, so the metadata comes from `files.info`. It normally arrives
 * alongside the `message` event for the same upload; both record the same row (keyed by file
 * id) and only one of them processes it. Without a share timestamp we cannot reply in the
 * file's thread, so we leave the file to the message event.
 */
export function registerFileShared(app: App, deps: SlackDeps): void {
  app.event("file_shared", async ({ event, body, client }) => {
    const parsed = fileSharedSchema.safeParse(event);
    if (!parsed.success) return;
    const shared = parsed.data;
    const teamId = eventTeamId(body);
    const info = await client.files.info({ file: shared.file_id });
    const file = slackFileSchema.parse(info.file);
    if (decideFile(file, deps.config.MAX_FILE_BYTES).kind === "ignore") return;
    const ts = shareTs(file, shared.channel_id);
    if (!ts) {
      deps.logger.debug(
        { fileId: file.id },
        "file_shared without a share ts; leaving it to the message event",
      );
      return;
    }
    const share =
      file.shares?.public?.[shared.channel_id]?.[0] ??
      file.shares?.private?.[shared.channel_id]?.[0];
    const threadTs = typeof share?.thread_ts === "string" ? share.thread_ts : ts;
    await startUpload(deps, {
      teamId,
      file,
      channelId: shared.channel_id,
      messageTs: ts,
      threadTs,
      uploaderId: shared.user_id,
    });
  });
}
