import type { WebClient } from "@slack/web-api";
import type { DbOrTx } from "../db/client.js";
import {
  candidateUploadChannels,
  channelIdsOf,
  channelsOfCandidates,
} from "../db/repositories/candidates.js";
import { AppError } from "../errors.js";

/**
 * Who may see which candidate. Candidate data is sensitive, so the rule is narrow: a person sees
 * a candidate when they are a member of a channel where that candidate's transcript was uploaded
 * (the `candidate_channels` table), or when they are a hiring admin (`HIRING_ADMINS`). Channel
 * membership comes from `conversations.members`, cached briefly per channel so a burst of
 * lookups does not hit Slack's rate limits; a channel Slack no longer lets us read counts as one
 * the person is not in (fail closed).
 */
export class AccessControl {
  private readonly cache = new Map<string, { members: Set<string>; expires: number }>();
  private readonly pending = new Map<string, Promise<Set<string>>>();

  constructor(
    private readonly options: {
      admins: readonly string[];
      /** How long a channel's member list is trusted. */
      ttlMs?: number;
      now?: () => number;
    },
  ) {}

  isAdmin(userId: string): boolean {
    return this.options.admins.includes(userId);
  }

  /** Members of a channel (cached). */
  async members(client: WebClient, teamId: string, channelId: string): Promise<Set<string>> {
    const key = `${teamId}:${channelId}`;
    const now = (this.options.now ?? Date.now)();
    const hit = this.cache.get(key);
    if (hit && hit.expires > now) return hit.members;
    const inFlight = this.pending.get(key);
    if (inFlight) return inFlight;
    const load = this.load(client, channelId)
      .then((members) => {
        this.cache.set(key, { members, expires: now + (this.options.ttlMs ?? 60_000) });
        return members;
      })
      .finally(() => this.pending.delete(key));
    this.pending.set(key, load);
    return load;
  }

  private async load(client: WebClient, channelId: string): Promise<Set<string>> {
    const members = new Set<string>();
    try {
      for await (const page of client.paginate("conversations.members", {
        channel: channelId,
        limit: 1000,
      })) {
        for (const id of (page as { members?: string[] }).members ?? []) members.add(id);
      }
    } catch (error) {
      const code = (error as { data?: { error?: string } }).data?.error;
      if (code === "channel_not_found" || code === "not_in_channel" || code === "is_archived") {
        return members;
      }
      throw new AppError(
        "SLACK_API",
        "I could not check the channel's members with Slack just now; please try again in a minute.",
        { cause: error },
      );
    }
    return members;
  }

  /** The channels (of those given) the user is a member of. */
  async channelsOf(
    client: WebClient,
    teamId: string,
    userId: string,
    channelIds: readonly string[],
  ): Promise<string[]> {
    const checks = await Promise.all(
      channelIds.map(async (id) =>
        (await this.members(client, teamId, id)).has(userId) ? id : undefined,
      ),
    );
    return checks.filter((id): id is string => id !== undefined);
  }

  /** Whether the user may see this candidate. */
  async canSee(
    db: DbOrTx,
    client: WebClient,
    teamId: string,
    userId: string,
    candidateId: string,
  ): Promise<boolean> {
    if (this.isAdmin(userId)) return true;
    const channels = await channelIdsOf(db, teamId, candidateId);
    return (await this.channelsOf(client, teamId, userId, channels)).length > 0;
  }

  /** Which of these candidates the user may see, in one query (choice lists, suggestions). */
  async visibleAmong(
    db: DbOrTx,
    client: WebClient,
    teamId: string,
    userId: string,
    candidateIds: readonly string[],
  ): Promise<Set<string>> {
    if (this.isAdmin(userId)) return new Set(candidateIds);
    if (candidateIds.length === 0) return new Set();
    const rows = await channelsOfCandidates(db, teamId, candidateIds);
    const mine = new Set(
      await this.channelsOf(client, teamId, userId, [...new Set(rows.map((r) => r.channelId))]),
    );
    return new Set(rows.filter((r) => mine.has(r.channelId)).map((r) => r.candidateId));
  }

  /**
   * The upload channels whose candidates the user may see; `undefined` means every channel
   * (admins).
   */
  async visibleChannels(
    db: DbOrTx,
    client: WebClient,
    teamId: string,
    userId: string,
  ): Promise<string[] | undefined> {
    if (this.isAdmin(userId)) return undefined;
    return this.channelsOf(client, teamId, userId, await candidateUploadChannels(db, teamId));
  }

  /** Forget cached member lists (tests, or after a member_joined/left event). */
  invalidate(teamId: string, channelId?: string): void {
    if (channelId) this.cache.delete(`${teamId}:${channelId}`);
    else
      for (const key of this.cache.keys()) if (key.startsWith(`${teamId}:`)) this.cache.delete(key);
  }
}
