import { DateTime } from "luxon";
import { z } from "zod";
import { recordAudit } from "../candidates/audit.js";
import type { Config } from "../config.js";
import type { Db } from "../db/client.js";
import {
  deactivateSubscription,
  getSubscription,
  upsertSubscription,
} from "../db/repositories/subscriptions.js";
import { AppError } from "../errors.js";
import type { DigestScope } from "./build.js";
import { digestUsage, parseSubscribeArgs, tokenize } from "./command-args.js";
import { previewDigest } from "./preview.js";
import { renderDigest } from "./render.js";
import { describeSchedule, type Schedule } from "./schedule.js";
import { defaultTimezone, listSubscriptions, scheduleOf } from "./subscriptions.js";

/**
 * `/candidate digest …`: subscribe, unsubscribe, status, preview. The Slack listener checks the
 * payload and works out membership and admin rights; src/digest/command-args.ts reads the
 * words; this module decides, records and answers. Failures a person can fix are AppErrors
 * with one sentence.
 */

export const digestCommandInputSchema = z.object({
  teamId: z.string().min(1),
  channelId: z.string().min(1),
  userId: z.string().min(1),
  isAdmin: z.boolean(),
  isChannelMember: z.boolean(),
  args: z.array(z.string()),
});
export type DigestCommandInput = z.infer<typeof digestCommandInputSchema>;

export interface DigestCommandDeps {
  db: Db;
  config: Config;
  now?: () => Date;
  /**
   * The requester's time zone as Slack knows it (users.info `tz`), asked only when a command
   * needs a default zone; absent (the CLI) or unknown falls back to `TZ`.
   */
  userTimezone?: () => Promise<string | undefined>;
}

export interface DigestCommandReply {
  text: string;
  blocks?: unknown[];
}

async function audit(
  db: Db,
  input: DigestCommandInput,
  action: "subscribe" | "unsubscribe",
  details: Record<string, unknown>,
  now: Date,
): Promise<void> {
  await recordAudit(db, {
    teamId: input.teamId,
    actorId: input.userId,
    action,
    channelId: input.channelId,
    details,
    now,
  });
}

function requireMember(input: DigestCommandInput, doing: string): void {
  if (!input.isChannelMember && !input.isAdmin) {
    throw new AppError("FORBIDDEN", `Only members of this channel or hiring admins can ${doing}.`);
  }
}

/** A subscription's filters in words, bracketed after the schedule; empty without any. */
function describeFilters(filters: {
  role: string | null;
  minTier: string | null;
  scope: "channel" | "workspace";
}): string {
  const words = [
    filters.role ? `roles matching “${filters.role}”` : null,
    filters.minTier ? `listing ${filters.minTier} and above` : null,
    filters.scope === "workspace" ? "covering the whole workspace" : null,
  ].filter(Boolean);
  return words.length ? ` (${words.join(", ")})` : "";
}

function formatInstant(date: Date, timezone: string): string {
  return DateTime.fromJSDate(date, { zone: timezone }).toFormat("ccc LLL d, HH:mm", {
    locale: "en-US",
  });
}

export async function handleDigestCommand(
  deps: DigestCommandDeps,
  rawInput: DigestCommandInput,
): Promise<DigestCommandReply> {
  const input = digestCommandInputSchema.parse(rawInput);
  const now = (deps.now ?? (() => new Date()))();
  const [sub, ...rest] = tokenize(input.args);
  switch ((sub ?? "").toLowerCase()) {
    case "subscribe":
      return subscribe(deps, input, rest, now);
    case "unsubscribe":
    case "stop":
      return unsubscribe(deps, input, now);
    case "status":
      return status(deps, input, now);
    case "preview":
      return preview(deps, input, now);
    case "":
    case "help":
      return { text: digestUsage };
    default:
      throw new AppError(
        "USAGE",
        `"${sub}" is not a digest command; use subscribe, unsubscribe, status or preview.`,
      );
  }
}

async function subscribe(
  deps: DigestCommandDeps,
  input: DigestCommandInput,
  tokens: string[],
  now: Date,
): Promise<DigestCommandReply> {
  requireMember(input, "change this channel's digest");
  const options = parseSubscribeArgs(tokens);
  if (options.scope === "workspace" && !input.isAdmin) {
    throw new AppError(
      "FORBIDDEN",
      "Only hiring admins can subscribe a channel to the whole workspace's digest.",
    );
  }
  const zone = options.timezone
    ? { timezone: options.timezone, source: "given" as const }
    : await defaultTimezone(deps.userTimezone, deps.config.TZ);
  const { timezone } = zone;
  const schedule: Schedule = {
    weekday: options.weekday ?? 1,
    timeOfDay: options.timeOfDay ?? "09:00",
    timezone,
  };
  await upsertSubscription(
    deps.db,
    {
      teamId: input.teamId,
      channelId: input.channelId,
      schedule,
      roleFilter: options.role,
      minTier: options.minTier,
      scope: options.scope,
    },
    input.userId,
    now,
  );
  await audit(deps.db, input, "subscribe", { ...schedule, ...options, timezone }, now);
  const [summary] = await listSubscriptions(deps.db, {
    teamId: input.teamId,
    channelIds: [input.channelId],
    now,
  });
  const extras = describeFilters({
    role: options.role,
    minTier: options.minTier,
    scope: options.scope,
  });
  const next = summary?.nextDueAt
    ? ` The first one arrives ${formatInstant(summary.nextDueAt, timezone)}.`
    : "";
  const zoneNote =
    zone.source === "subscriber"
      ? " Times are in your Slack time zone; add a zone (e.g. `Europe/London`) to choose another."
      : zone.source === "default"
        ? " Slack did not tell me your time zone, so this uses the app's default; add a zone (e.g. `Europe/London`) to choose one."
        : "";
  return {
    text: `This channel will get the hiring digest every ${describeSchedule(schedule)}${extras}.${next}${zoneNote}`,
  };
}

async function unsubscribe(
  deps: DigestCommandDeps,
  input: DigestCommandInput,
  now: Date,
): Promise<DigestCommandReply> {
  requireMember(input, "change this channel's digest");
  const existing = await getSubscription(deps.db, input.teamId, input.channelId);
  if (!existing?.active) return { text: "This channel is not subscribed to the hiring digest." };
  await deactivateSubscription(
    deps.db,
    existing.id,
    `Unsubscribed by <@${input.userId}>.`,
    input.userId,
    now,
  );
  await audit(deps.db, input, "unsubscribe", { subscriptionId: existing.id }, now);
  return { text: "This channel will no longer get the hiring digest." };
}

async function status(
  deps: DigestCommandDeps,
  input: DigestCommandInput,
  now: Date,
): Promise<DigestCommandReply> {
  const [summary] = await listSubscriptions(deps.db, {
    teamId: input.teamId,
    channelIds: [input.channelId],
    now,
  });
  if (!summary) {
    return {
      text: "This channel is not subscribed to the hiring digest. `/candidate digest subscribe` starts it.",
    };
  }
  const tz = summary.schedule.timezone;
  const last = summary.lastPostedAt
    ? ` Last posted ${formatInstant(summary.lastPostedAt, tz)}.`
    : "";
  if (!summary.active) {
    return {
      text: `The hiring digest is off for this channel. ${summary.disabledReason ?? ""}${last}`.trim(),
    };
  }
  const extras = describeFilters({
    role: summary.roleFilter,
    minTier: summary.minTier,
    scope: summary.scope,
  });
  const next = summary.nextDueAt ? ` Next: ${formatInstant(summary.nextDueAt, tz)}.` : "";
  const zone = ` Times are in ${tz}.`;
  const problem = summary.lastError
    ? ` The latest digest could not be posted (${summary.lastError}).`
    : "";
  return {
    text: `The hiring digest is posted here every ${summary.description}${extras}, set by <@${summary.updatedBy}>.${next}${last}${zone}${problem}`,
  };
}

async function preview(
  deps: DigestCommandDeps,
  input: DigestCommandInput,
  now: Date,
): Promise<DigestCommandReply> {
  requireMember(input, "preview this channel's digest");
  const existing = await getSubscription(deps.db, input.teamId, input.channelId);
  const workspace = existing?.active && existing.scope === "workspace";
  if (workspace && !input.isAdmin) {
    throw new AppError("FORBIDDEN", "Only hiring admins can preview the whole workspace's digest.");
  }
  const scope: DigestScope = workspace
    ? { kind: "workspace" }
    : { kind: "channel", channelId: input.channelId };
  const timezone = existing
    ? scheduleOf(existing).timezone
    : (await defaultTimezone(deps.userTimezone, deps.config.TZ)).timezone;
  const reply = renderDigest(
    await previewDigest(deps.db, {
      teamId: input.teamId,
      scope,
      end: now,
      days: 7,
      timezone,
      filters: { role: existing?.roleFilter ?? null, minTier: existing?.minTier ?? null },
    }),
  );
  return {
    text: reply.text,
    blocks: [
      ...reply.blocks,
      {
        type: "context",
        elements: [{ type: "mrkdwn", text: "Preview of the last 7 days: only you can see this." }],
      },
    ],
  };
}
