import cron from "node-cron";
import { z } from "zod";
import type { DbOrTx } from "../db/client.js";
import { purgeRawTextBefore } from "../db/repositories/transcripts.js";
import type { Logger } from "../logger.js";
import { parseInput } from "./validate.js";

const DAY_MS = 24 * 60 * 60 * 1000;

export const purgeInputSchema = z.object({ olderThan: z.date(), now: z.date().optional() });

/**
 * Drops the raw text of transcripts received before `olderThan`, in every workspace. Scores,
 * answers, summaries and the transcript row itself stay, so lookups and digests keep working;
 * only the verbatim file is gone (`rawPurgedAt` says when).
 */
export async function purgeExpiredRawText(
  db: DbOrTx,
  input: z.input<typeof purgeInputSchema>,
): Promise<{ purged: number }> {
  const { olderThan, now } = parseInput(purgeInputSchema, input, "retention cutoff");
  return { purged: await purgeRawTextBefore(db, olderThan, now ?? new Date()) };
}

export interface RetentionJobOptions {
  /** `RETENTION_DAYS`; undefined keeps raw text for ever and starts nothing. */
  retentionDays: number | undefined;
  /** Cron expression; daily at 03:17 by default (off the hour, when nobody is uploading). */
  schedule?: string;
  logger?: Pick<Logger, "info" | "error">;
  clock?: () => Date;
}

/**
 * Runs the purge once at start-up (catching up after downtime) and then on the schedule.
 * Several replicas may run it: the purge is one idempotent UPDATE, so overlapping runs are
 * harmless. Returns a stop function, or undefined when retention is off.
 */
export function startRetentionJob(
  db: DbOrTx,
  options: RetentionJobOptions,
): { stop(): Promise<void> } | undefined {
  const days = options.retentionDays;
  if (days === undefined) return undefined;
  const clock = options.clock ?? (() => new Date());
  const run = async () => {
    const now = clock();
    try {
      const { purged } = await purgeExpiredRawText(db, {
        olderThan: new Date(now.getTime() - days * DAY_MS),
        now,
      });
      options.logger?.info(
        { purged, retentionDays: days },
        "retention: purged raw transcript text",
      );
    } catch (error) {
      options.logger?.error({ err: error }, "retention: purge failed; will retry on the next run");
    }
  };
  const task = cron.schedule(options.schedule ?? "17 3 * * *", run, {
    name: "retention",
    noOverlap: true,
  });
  const first = run();
  return {
    async stop() {
      await task.stop();
      await first;
    },
  };
}
