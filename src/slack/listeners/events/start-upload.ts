import { z } from "zod";
import type { SlackDeps } from "../../deps.js";
import type { SlackFile } from "../../files.js";
import { kindFromChannelType } from "../../reply-audience.js";

/** The workspace of an event callback (`team_id` on the envelope). */
export function eventTeamId(body: unknown): string {
  return z
    .string()
    .min(1)
    .parse((body as { team_id?: unknown }).team_id);
}

/**
 * What both upload events do once they know the file and where it was shared: record the
 * upload (idempotent on the file id; while the database cannot, the thread is told and the
 * recorder keeps trying, see src/slack/upload-recorder.ts), hand the metadata to the ports so the job need not ask
 * `files.info` again, acknowledge it (hourglass) the first time, and process it (claimed, so only one event or replica does the work).
 */
export async function startUpload(
  deps: SlackDeps,
  upload: {
    teamId: string;
    file: SlackFile;
    channelId: string;
    messageTs: string;
    threadTs: string;
    uploaderId: string | undefined;
    /** The event's `channel_type`, when it has one (message events do, file_shared does not). */
    channelType?: string | undefined;
  },
): Promise<void> {
  const { file } = upload;
  const { transcript, created } = await deps.recorder.record({
    teamId: upload.teamId,
    slackFileId: file.id,
    channelId: upload.channelId,
    messageTs: upload.messageTs,
    threadTs: upload.threadTs,
    uploaderId: upload.uploaderId ?? file.user ?? null,
    fileName: file.name ?? file.title ?? null,
    sizeBytes: file.size ?? null,
  });
  deps.ports.remember(file);
  if (created) {
    await deps.ports.received(transcript, { kind: kindFromChannelType(upload.channelType) });
  }
  await deps.uploads.process(transcript.id);
}
