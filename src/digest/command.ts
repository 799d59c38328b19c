import { DateTime } from "luxon";
import { z } from "zod";
import { recordAudit } from "../candidates/audit.js";
import { type Config, isValidTimeZone } from "../config.js";
import type { Db } from "../db/client.js";
import {
  deactivateSubscription,
  getSubscription,
  upsertSubscription,
} from "../db/repositories/subscriptions.js";
import { AppError } from "../errors.js";
import { type Tier, tiers } from "../transcript/model.js";
import type { DigestScope } from "./build.js";
import { previewDigest } from "./preview.js";
import { renderDigest } from "./render.js";
import { describeSchedule, parseTimeOfDay, parseWeekday, type Schedule } from "./schedule.js";
import { defaultTimezone, listSubscriptions, scheduleOf } from "./subscriptions.js";

/**
 * `/candidate digest …`: subscribe, unsubscribe, status, preview. The Slack listener checks the
 * payload and works out membership and admin rights; this function decides and answers.
 * Failures a person can fix are AppErrors with one sentence.
 */

export const digestUsage = [
  "`/candidate digest subscribe [weekday] [HH:MM] [time zone] [role=…] [min=tier] [scope=workspace]`: post this channel's hiring digest every week (default Monday 09:00 in your Slack time zone).",
  "`/candidate digest unsubscribe`: stop it.",
  "`/candidate digest status`: show the schedule and the last post.",
  "`/candidate digest preview`: show the last 7 days' digest, only to you.",
].join("\n");

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

export interface SubscribeOptions {
  weekday: number | undefined;
  timeOfDay: string | undefined;
  timezone: string | undefined;
  role: string | null;
  minTier: Tier | null;
  scope: "channel" | "workspace";
}

/**
 * Splits Slack command text into words, keeping "quoted phrases" (straight or the curly quotes
 * Slack clients type) together, so `role="Backend Engineer"` is one option.
 */
export function tokenize(args: string[]): string[] {
  const text = args.join(" ").replace(/[“”]/g, '"');
  const tokens: string[] = [];
  for (const m of text.matchAll(/(?:[^\s"]+|"[^"]*")+/g)) tokens.push(m[0].replace(/"/g, ""));
  return tokens.filter((t) => t.length > 0);
}

/** Parses the words after `subscribe`. Each bad value gets its own sentence. */
export function parseSubscribeArgs(tokens: string[]): SubscribeOptions {
  const out: SubscribeOptions = {
    weekday: undefined,
    timeOfDay: undefined,
    timezone: undefined,
    role: null,
    minTier: null,
    scope: "channel",
  };
  for (const token of tokens) {
    const option = token.match(/^([a-z-]+)=(.*)$/i);
    if (option) {
      const key = (option[1] ?? "").toLowerCase();
      const value = (option[2] ?? "").trim();
      if (key === "role") {
        out.role = value.length > 0 ? value.slice(0, 100) : null;
      } else if (key === "min" || key === "min-tier" || key === "tier") {
        const tier = value.toLowerCase();
        if (!(tiers as readonly string[]).includes(tier)) {
          throw new AppError("USAGE", `"${value}" is not a tier; use one of ${tiers.join(", ")}.`);
        }
        out.minTier = tier as Tier;
      } else if (key === "scope") {
        const scope = value.toLowerCase();
        if (scope !== "workspace" && scope !== "channel") {
          throw new AppError(
            "USAGE",
            `"${value}" is not a scope; use scope=channel or scope=workspace.`,
          );
        }
        out.scope = scope;
      } else {
        throw new AppError("USAGE", `"${key}=" is not an option; use role=, min= or scope=.`);
      }
      continue;
    }
    if (/^\d/.test(token)) {
      const time = parseTimeOfDay(token);
      if (!time) {
        throw new AppError(
          "USAGE",
          `"${token}" is not a valid time of day; use 24-hour HH:MM such as 09:00 or 17:30.`,
        );
      }
      out.timeOfDay = time;
      continue;
    }
    const weekday = parseWeekday(token);
    if (weekday !== undefined) {
      out.weekday = weekday;
      continue;
    }
    if (isValidTimeZone(token) && !/^\d/.test(token)) {
      out.timezone = token;
      continue;
    }
    if (token.includes("/")) {
      throw new AppError(
        "USAGE",
        `"${token}" is not a time zone I know; use an IANA name such as Europe/London or America/New_York.`,
      );
    }
    throw new AppError(
      "USAGE",
      `"${token}" is not a weekday, a time or a time zone; try for example \`subscribe monday 09:00 Europe/London\`.`,
    );
  }
  return out;
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
  const extras = [
    options.role ? `roles matching “${options.role}”` : null,
    options.minTier ? `listing ${options.minTier} and above` : null,
    options.scope === "workspace" ? "covering the whole workspace" : null,
  ].filter(Boolean);
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
    text: `This channel will get the hiring digest every ${describeSchedule(schedule)}${extras.length ? ` (${extras.join(", ")})` : ""}.${next}${zoneNote}`,
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
  const extras = [
    summary.roleFilter ? `roles matching “${summary.roleFilter}”` : null,
    summary.minTier ? `listing ${summary.minTier} and above` : null,
    summary.scope === "workspace" ? "covering the whole workspace" : null,
  ].filter(Boolean);
  const next = summary.nextDueAt ? ` Next: ${formatInstant(summary.nextDueAt, tz)}.` : "";
  const zone = ` Times are in ${tz}.`;
  const problem = summary.lastError
    ? ` The latest digest could not be posted (${summary.lastError}).`
    : "";
  return {
    text: `The hiring digest is posted here every ${summary.description}${extras.length ? ` (${extras.join(", ")})` : ""}, set by <@${summary.updatedBy}>.${next}${last}${zone}${problem}`,
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
