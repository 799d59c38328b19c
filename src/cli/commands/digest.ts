import { z } from "zod";
import type { DigestScope } from "../../digest/build.js";
import { previewDigest } from "../../digest/preview.js";
import { renderDigestText } from "../../digest/render.js";
import { AppError } from "../../errors.js";
import { parseCommandArgs } from "../args.js";
import type { CliCommand } from "../command.js";

const usage = "digest [--channel C] [--since 7d] [--json]";

/** `7d`, `48h`, `2w` → days (fractions allowed for hours). */
export function parseSince(value: string): number {
  const m = value.trim().match(/^(\d+(?:\.\d+)?)\s*([hdw])$/i);
  const amount = m ? Number(m[1]) : Number.NaN;
  if (!m || !(amount > 0)) {
    throw new AppError(
      "USAGE",
      `--since "${value}" is not a duration; use a number of hours, days or weeks such as 48h, 7d or 2w.`,
    );
  }
  const unit = (m[2] ?? "d").toLowerCase();
  const days = unit === "h" ? amount / 24 : unit === "w" ? amount * 7 : amount;
  if (days > 366) throw new AppError("USAGE", "--since can cover at most a year.");
  return days;
}

const argsSchema = z.object({
  channel: z
    .string()
    .regex(/^[A-Z0-9_]+$/i, "--channel must be a channel id such as C0123456789")
    .optional(),
  since: z.string().default("7d"),
  json: z.boolean().default(false),
});

/**
 * Prints the digest the local database would produce: the whole local workspace, or one
 * channel's uploads with `--channel`. The window ends now and covers `--since`; counts are
 * compared with the same span before it.
 */
export const digestCommand: CliCommand = {
  name: "digest",
  summary: "Preview the weekly hiring digest from the local database.",
  usage,
  async run(args, ctx) {
    const { values, positionals } = parseCommandArgs(
      args,
      { channel: { type: "string" }, since: { type: "string" }, json: { type: "boolean" } },
      usage,
    );
    if (positionals.length > 0) {
      throw new AppError("USAGE", `unexpected argument "${positionals[0]}" (usage: ${usage})`);
    }
    const parsed = argsSchema.safeParse(values);
    if (!parsed.success) {
      throw new AppError(
        "USAGE",
        `${parsed.error.issues[0]?.message ?? "bad arguments"} (usage: ${usage}).`,
      );
    }
    const days = parseSince(parsed.data.since);
    const scope: DigestScope = parsed.data.channel
      ? { kind: "channel", channelId: parsed.data.channel }
      : { kind: "workspace" };
    const { db } = await ctx.db();
    const teamId = await ctx.team();
    const digest = await previewDigest(db, {
      teamId,
      scope,
      end: new Date(),
      days,
      timezone: ctx.config.TZ,
      filters: { role: null, minTier: null },
    });
    ctx.out(parsed.data.json ? JSON.stringify(digest, null, 2) : renderDigestText(digest));
    return 0;
  },
};
