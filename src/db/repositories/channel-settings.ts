import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../client.js";
import { type ChannelSettings, channelSettings } from "../schema.js";

/** A channel's settings row, or undefined when nobody changed the defaults. */
export async function channelSettingsOf(
  db: DbOrTx,
  teamId: string,
  channelId: string,
): Promise<ChannelSettings | undefined> {
  const [row] = await db
    .select()
    .from(channelSettings)
    .where(and(eq(channelSettings.teamId, teamId), eq(channelSettings.channelId, channelId)));
  return row;
}

/** Sets whether full upload replies are allowed in a public channel; returns the previous value. */
export async function setPublicReplies(
  db: DbOrTx,
  input: { teamId: string; channelId: string; on: boolean; actorId: string },
): Promise<{ previous: boolean }> {
  return db.transaction(async (tx) => {
    const before = await channelSettingsOf(tx, input.teamId, input.channelId);
    await tx
      .insert(channelSettings)
      .values({
        teamId: input.teamId,
        channelId: input.channelId,
        publicReplies: input.on,
        updatedBy: input.actorId,
      })
      .onConflictDoUpdate({
        target: [channelSettings.teamId, channelSettings.channelId],
        set: { publicReplies: input.on, updatedBy: input.actorId, updatedAt: sql`now()` },
      });
    return { previous: before?.publicReplies ?? false };
  });
}
