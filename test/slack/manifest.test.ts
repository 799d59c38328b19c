import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { z } from "zod";

/** The manifest must grant every scope and event the code relies on, and nothing is guessed. */
const manifestSchema = z.object({
  display_information: z.object({
    name: z.string().min(1),
    long_description: z.string().min(175).max(4000),
  }),
  features: z.object({
    app_home: z.object({ home_tab_enabled: z.literal(true) }),
    bot_user: z.object({ display_name: z.string().min(1) }),
    slash_commands: z.array(
      z.object({
        command: z.string(),
        description: z.string().min(1),
        usage_hint: z.string().min(1),
      }),
    ),
  }),
  oauth_config: z.object({ scopes: z.object({ bot: z.array(z.string()) }) }),
  settings: z.object({
    event_subscriptions: z.object({ bot_events: z.array(z.string()) }),
    interactivity: z.object({ is_enabled: z.literal(true) }),
    socket_mode_enabled: z.boolean(),
  }),
});

const manifest = manifestSchema.parse(
  parse(readFileSync(new URL("../../manifest.yml", import.meta.url), "utf8")),
);

/** Web API methods the app calls, and the bot scope each needs (Slack's method docs). */
const methodScopes: Record<string, string[]> = {
  "chat.postMessage": ["chat:write"],
  "chat.postEphemeral": ["chat:write"],
  "chat.update": ["chat:write"],
  "reactions.add": ["reactions:write"],
  "reactions.remove": ["reactions:write"],
  "conversations.info": ["channels:read", "groups:read", "im:read", "mpim:read"],
  "files.info": ["files:read"],
  "conversations.members": ["channels:read", "groups:read", "im:read", "mpim:read"],
  "conversations.replies": ["channels:history", "groups:history", "im:history", "mpim:history"],
  "conversations.history": ["channels:history", "groups:history"],
  // files.uploadV2: the CSV export and the digest chart.
  "files.getUploadURLExternal": ["files:write"],
  "files.completeUploadExternal": ["files:write"],
  // The export's DM with the requester.
  "conversations.open": ["im:write"],
  // A digest subscriber's time zone.
  "users.info": ["users:read"],
};

describe("manifest.yml", () => {
  it("declares /candidate with a usage hint", () => {
    const [command] = manifest.features.slash_commands;
    expect(command?.command).toBe("/candidate");
    expect(command?.usage_hint).toMatch(/list/);
    expect(command?.usage_hint).toMatch(/digest/);
  });

  it("grants every scope the Web API calls need, plus commands", () => {
    const granted = new Set(manifest.oauth_config.scopes.bot);
    for (const [method, scopes] of Object.entries(methodScopes)) {
      for (const scope of scopes) expect(granted.has(scope), `${method} needs ${scope}`).toBe(true);
    }
    expect(granted.has("commands")).toBe(true);
    // Pasted transcripts: the app_mention event needs its scope.
    expect(granted.has("app_mentions:read")).toBe(true);
  });

  it("subscribes to the events the listeners handle", () => {
    const events = manifest.settings.event_subscriptions.bot_events;
    for (const event of [
      "message.channels",
      "message.groups",
      "message.im",
      "file_shared",
      "app_mention",
      "app_home_opened",
    ]) {
      expect(events).toContain(event);
    }
  });
});
