import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";

/**
 * Builds and sends requests the way Slack does: bodies derived from the real payloads in
 * test/fixtures/slack/, signed with the v0 scheme (HMAC-SHA256 over `v0:<timestamp>:<raw body>`,
 * headers `X-Slack-Signature` and `X-Slack-Request-Timestamp`).
 */

const fixturesDir = new URL("../fixtures/slack/", import.meta.url);
export function slackFixture<T = Record<string, unknown>>(path: string): T {
  return JSON.parse(readFileSync(new URL(path, fixturesDir), "utf8")) as T;
}
export function slackFixtureText(path: string): string {
  return readFileSync(new URL(path, fixturesDir), "utf8");
}

export function signature(secret: string, timestamp: number | string, rawBody: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${rawBody}`).digest("hex")}`;
}

export interface SignOptions {
  /** Unix seconds; default now. */
  timestamp?: number;
  /** Replace the computed signature (to forge one). */
  signature?: string;
}

export function signedHeaders(
  secret: string,
  rawBody: string,
  options: SignOptions = {},
): Record<string, string> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  return {
    "x-slack-request-timestamp": String(timestamp),
    "x-slack-signature": options.signature ?? signature(secret, timestamp, rawBody),
  };
}

export interface SendOptions extends SignOptions {
  /** Path on the app; Bolt's HTTP receiver listens on /slack/events. */
  path?: string;
  /** Slack's retry headers: `X-Slack-Retry-Num` and `X-Slack-Retry-Reason`. */
  retryNum?: number;
  retryReason?: string;
}

export interface SlackResponse {
  status: number;
  text: string;
  /** Parsed JSON body when the response was JSON. */
  json: unknown;
  ms: number;
}

/** Posts a signed request with the content type Slack uses for that kind of body. */
export async function sendSigned(
  appUrl: string,
  secret: string,
  rawBody: string,
  contentType: "application/json" | "application/x-www-form-urlencoded",
  options: SendOptions = {},
): Promise<SlackResponse> {
  const headers: Record<string, string> = {
    "content-type": contentType,
    "user-agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
    ...signedHeaders(secret, rawBody, options),
  };
  if (options.retryNum !== undefined) {
    headers["x-slack-retry-num"] = String(options.retryNum);
    headers["x-slack-retry-reason"] = options.retryReason ?? "http_timeout";
  }
  const started = performance.now();
  const response = await fetch(new URL(options.path ?? "/slack/events", appUrl), {
    method: "POST",
    headers,
    body: rawBody,
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json, ms: performance.now() - started };
}

/** Sends an Events API envelope (JSON). */
export function sendEvent(
  appUrl: string,
  secret: string,
  envelope: unknown,
  options: SendOptions = {},
): Promise<SlackResponse> {
  return sendSigned(appUrl, secret, JSON.stringify(envelope), "application/json", options);
}

/**
 * A slash command body, form-encoded exactly like the real one in
 * commands/slash_command.signing_example.form.txt, with fields replaced.
 */
export function slashCommandBody(fields: Record<string, string>): string {
  const params = new URLSearchParams(
    slackFixtureText("commands/slash_command.signing_example.form.txt"),
  );
  params.set("command", "/candidate");
  for (const [key, value] of Object.entries(fields)) params.set(key, value);
  return params.toString();
}

export function sendCommand(
  appUrl: string,
  secret: string,
  fields: Record<string, string>,
  options: SendOptions = {},
): Promise<SlackResponse> {
  return sendSigned(
    appUrl,
    secret,
    slashCommandBody(fields),
    "application/x-www-form-urlencoded",
    options,
  );
}

/** Sends an interactivity payload (`payload=<json>`, form-encoded) as Slack does. */
export function sendInteraction(
  appUrl: string,
  secret: string,
  payload: unknown,
  options: SendOptions = {},
): Promise<SlackResponse> {
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return sendSigned(appUrl, secret, body, "application/x-www-form-urlencoded", options);
}

let eventCounter = 0;

/**
 * The real `event_callback` envelope of events/message_file_share.json around `event`, with
 * the team and a fresh `event_id` (pass one to simulate Slack re-delivering the same event).
 */
export function eventEnvelope(
  event: Record<string, unknown>,
  overrides: { teamId?: string; eventId?: string; botUserId?: string } = {},
): Record<string, unknown> {
  const base = slackFixture<Record<string, unknown>>("events/message_file_share.json");
  eventCounter += 1;
  const teamId = overrides.teamId ?? String(base.team_id);
  return {
    ...base,
    team_id: teamId,
    event,
    event_id: overrides.eventId ?? `Ev${Date.now().toString(36).toUpperCase()}${eventCounter}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [
      {
        enterprise_id: null,
        team_id: teamId,
        user_id: overrides.botUserId ?? "U0442US8QGH",
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
  };
}

/**
 * The inner `message` / `file_share` event from the real capture, moved to a channel (a private
 * one unless `channelType` says otherwise: hiring channels usually are) and carrying `file` (a
 * file object, e.g. from the stand-in's `addFile`).
 */
export function fileShareEvent(
  file: Record<string, unknown>,
  options: {
    channel?: string;
    user?: string;
    ts?: string;
    threadTs?: string;
    /** Slack's `channel_type`: `group` (a private channel, the default), `channel`, `im`, `mpim`. */
    channelType?: string;
  } = {},
): Record<string, unknown> {
  const base = slackFixture<{ event: Record<string, unknown> }>("events/message_file_share.json");
  const ts =
    options.ts ?? `${Math.floor(Date.now() / 1000)}.${String(++eventCounter).padStart(6, "0")}`;
  return {
    ...base.event,
    files: [file],
    user: options.user ?? base.event.user,
    channel: options.channel ?? "C0HIRING01",
    channel_type: options.channelType ?? "group",
    ts,
    event_ts: ts,
    ...(options.threadTs ? { thread_ts: options.threadTs } : {}),
  };
}

/** The `file_shared` event (events/file_shared.event_only.json) for a file id in a channel. */
export function fileSharedEvent(
  fileId: string,
  options: { channel?: string; user?: string } = {},
): Record<string, unknown> {
  const base = slackFixture<Record<string, unknown>>("events/file_shared.event_only.json");
  const now = Math.floor(Date.now() / 1000);
  return {
    ...base,
    file_id: fileId,
    file: { id: fileId },
    user_id: options.user ?? "U043H11ES4V",
    channel_id: options.channel ?? "C0HIRING01",
    event_ts: `${now}.000100`,
  };
}

/** events/app_home_opened_home.json's event for a user. */
export function appHomeOpenedEvent(user: string): Record<string, unknown> {
  const base = slackFixture<{ event: Record<string, unknown> }>("events/app_home_opened_home.json");
  return { ...base.event, user };
}

/** A `block_actions` payload as Slack sends for a button click in a message. */
export function blockActionPayload(options: {
  actionId: string;
  value: string;
  userId: string;
  channelId: string;
  teamId?: string;
  responseUrl: string;
  messageTs?: string;
}): Record<string, unknown> {
  const teamId = options.teamId ?? "T043DB835ML";
  const ts = options.messageTs ?? `${Math.floor(Date.now() / 1000)}.000200`;
  return {
    type: "block_actions",
    user: { id: options.userId, username: "user", name: "user", team_id: teamId },
    api_app_id: "A0442TUPHGR",
    token: "aaaa",
    container: {
      type: "message",
      message_ts: ts,
      channel_id: options.channelId,
      is_ephemeral: true,
    },
    trigger_id: "398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c",
    team: { id: teamId, domain: "testteamnow" },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: options.channelId, name: "hiring" },
    response_url: options.responseUrl,
    actions: [
      {
        action_id: options.actionId,
        block_id: "b1",
        text: { type: "plain_text", text: "button", emoji: true },
        value: options.value,
        type: "button",
        action_ts: `${Math.floor(Date.now() / 1000)}.000300`,
      },
    ],
  };
}

/**
 * A `block_actions` payload as Slack sends for a button clicked inside a view (the Home tab or a
 * modal): `container.type` is `view`, the view itself comes along, and there is no channel and
 * no `response_url`, so the app can only answer with `views.open` and the `trigger_id`.
 */
export function viewBlockActionPayload(options: {
  actionId: string;
  value: string;
  userId: string;
  teamId?: string;
  viewType?: "home" | "modal";
  viewId?: string;
  blocks?: unknown[];
  callbackId?: string;
  privateMetadata?: string;
}): Record<string, unknown> {
  const teamId = options.teamId ?? "T043DB835ML";
  const viewId = options.viewId ?? "V0HOMEVIEW1";
  const viewType = options.viewType ?? "home";
  return {
    type: "block_actions",
    user: { id: options.userId, username: "user", name: "user", team_id: teamId },
    api_app_id: "A0442TUPHGR",
    token: "aaaa",
    container: { type: "view", view_id: viewId },
    trigger_id: "398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703d",
    team: { id: teamId, domain: "testteamnow" },
    enterprise: null,
    is_enterprise_install: false,
    view: {
      id: viewId,
      team_id: teamId,
      type: viewType,
      blocks: options.blocks ?? [],
      private_metadata: options.privateMetadata ?? "",
      callback_id: options.callbackId ?? "",
      state: { values: {} },
      hash: "1700000000.abcdef12",
      ...(viewType === "modal"
        ? {
            title: { type: "plain_text", text: "Hiring Signal", emoji: true },
            close: { type: "plain_text", text: "Close", emoji: true },
          }
        : {}),
      clear_on_close: false,
      notify_on_close: false,
      root_view_id: viewId,
      previous_view_id: null,
      app_id: "A0442TUPHGR",
      external_id: "",
      app_installed_team_id: teamId,
      bot_id: "B0439P161B9",
    },
    actions: [
      {
        action_id: options.actionId,
        block_id: "b1",
        text: { type: "plain_text", text: "button", emoji: true },
        value: options.value,
        type: "button",
        action_ts: `${Math.floor(Date.now() / 1000)}.000300`,
      },
    ],
  };
}

/**
 * A `view_submission` payload as Slack sends when a modal is submitted: the view as the app
 * opened it (blocks, callback_id, private_metadata) plus what the person entered, in
 * `view.state.values[block_id][action_id]`.
 */
export function viewSubmissionPayload(options: {
  userId: string;
  teamId?: string;
  view: { callback_id: string; private_metadata?: string; blocks?: unknown[] };
  values: Record<string, Record<string, Record<string, unknown>>>;
}): Record<string, unknown> {
  const teamId = options.teamId ?? "T043DB835ML";
  return {
    type: "view_submission",
    team: { id: teamId, domain: "testteamnow" },
    user: { id: options.userId, username: "user", name: "user", team_id: teamId },
    api_app_id: "A0442TUPHGR",
    token: "aaaa",
    trigger_id: "398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703e",
    view: {
      id: "V0MODAL0001",
      team_id: teamId,
      type: "modal",
      blocks: options.view.blocks ?? [],
      private_metadata: options.view.private_metadata ?? "",
      callback_id: options.view.callback_id,
      state: { values: options.values },
      hash: "1700000000.abcdef34",
      title: { type: "plain_text", text: "Hiring Signal", emoji: true },
      clear_on_close: false,
      notify_on_close: false,
      root_view_id: "V0MODAL0001",
      previous_view_id: null,
      app_id: "A0442TUPHGR",
      external_id: "",
      app_installed_team_id: teamId,
      bot_id: "B0439P161B9",
    },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
}
