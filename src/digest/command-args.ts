import { isValidTimeZone } from "../config.js";
import { AppError } from "../errors.js";
import { type Tier, tiers } from "../transcript/model.js";
import { parseTimeOfDay, parseWeekday } from "./schedule.js";

/**
 * The words of `/candidate digest …`, read into typed options (pure; src/digest/command.ts
 * acts on them). Each bad value gets its own sentence, as a USAGE AppError.
 */

export const digestUsage = [
  "`/candidate digest subscribe [weekday] [HH:MM] [time zone] [role=…] [min=tier] [scope=workspace]`: post this channel's hiring digest every week (default Monday 09:00 in your Slack time zone).",
  "`/candidate digest unsubscribe`: stop it.",
  "`/candidate digest status`: show the schedule and the last post.",
  "`/candidate digest preview`: show the last 7 days' digest, only to you.",
].join("\n");

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
