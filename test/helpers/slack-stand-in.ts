import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";

/**
 * A local stand-in for the Slack Web API, so the real Bolt app (and the digest scheduler) can
 * be driven end to end with no network. Point the app's `SLACK_API_URL` at `slack.url`
 * (@slack/web-api's `slackApiUrl`, which Bolt takes via `clientOptions`).
 *
 *   const slack = await startSlackStandIn();
 *   // ... start the app with SLACK_API_URL = slack.url ...
 *   slack.addFile({ id: "F1", name: "t.txt", content: "..." });   // served at file.url_private_download
 *   slack.script("chat.postMessage", [{ status: 429, retryAfter: 1 }, "ok"]);
 *   await slack.waitForCalls("chat.postMessage", 1);
 *   slack.calls("chat.postMessage")[0].body.thread_ts;
 *   await slack.close();
 *
 * Messages posted with chat.postMessage are kept, so `conversations.history` and
 * `conversations.replies` return them (with `metadata` when `include_all_metadata` is set),
 * as a retry that checks "did an earlier attempt already post?" needs.
 *
 * Responses are shaped after the real payloads in test/fixtures/slack/web-api (copied from
 * /work/shared/fixtures/slack; see that folder's README.md). Every request is recorded, including
 * file downloads (method `"files.download"`) and posts to a `response_url` (method
 * `"response_url"`, see `responseUrl()`).
 *
 * Socket Mode: `apps.connections.open`, called with an app-level token (`xapp-`), answers a
 * one-time `ws://` URL on this same server, as @slack/socket-mode's client fetches it through
 * its WebClient (so `slackApiUrl` decides where it connects). The WebSocket side speaks Slack's
 * protocol: `hello` on connect, envelopes pushed with `sendEnvelope()`, the app's acks
 * (`{"envelope_id", "payload"?}`) recorded as method `"socket_mode.ack"`, `disconnect` on demand
 * (`sendDisconnect()`); pongs answer the client's pings (the `ws` server does that itself). Slack
 * also pings the client; the stand-in does not, which only leaves the client's "no ping from the
 * server" timer unarmed. Connections opening and closing are recorded as `"socket_mode.connect"`
 * and `"socket_mode.close"` (body `{ code, reason }`).
 *
 *   const id = slack.sendEnvelope("slash_commands", { command: "/candidate", text: "Jane", ... });
 *   await slack.waitForAck(id);   // { envelope_id: id, payload: {} }
 */

const fixturesDir = new URL("../fixtures/slack/", import.meta.url);
function fixture<T = Record<string, unknown>>(path: string): T {
  return JSON.parse(readFileSync(new URL(path, fixturesDir), "utf8")) as T;
}

export interface RecordedCall {
  /**
   * Web API method (`chat.postMessage`), or `files.download` / `response_url`, or Socket Mode's
   * `socket_mode.connect` / `socket_mode.ack` / `socket_mode.message` / `socket_mode.close`.
   */
  method: string;
  /**
   * The parsed body: form fields (JSON-looking values such as `blocks` decoded) or the JSON body.
   * For downloads it is `{ fileId }`.
   */
  body: Record<string, unknown>;
  headers: IncomingHttpHeaders;
  /** The bearer token sent, from the Authorization header or the `token` field. */
  token: string | undefined;
  path: string;
  /** How this call was answered: `"ok"`, an HTTP status, `"hang"`, or an `error` code. */
  answeredWith: string;
  at: number;
}

/**
 * One scripted answer. `"ok"` answers normally; `{ status: 429, retryAfter }` answers
 * `ratelimited` (Slack's real body and Retry-After header); `{ status: 500 }` (any 5xx) answers
 * an HTTP error; `{ error: "not_in_channel" }` answers HTTP 200 with `ok: false`; `"hang"` never
 * answers (until `close()`); `"reset"` destroys the connection without an answer (and without
 * doing what was asked); `{ delayMs }` answers normally after a delay (what was asked is done
 * then, even if the client gave up waiting); `{ body }` answers that exact JSON.
 */
export type ScriptStep =
  | "ok"
  | "hang"
  | "reset"
  | { status: number; retryAfter?: number; body?: unknown }
  | { error: string; extra?: Record<string, unknown> }
  | { delayMs: number; label?: string }
  | { body: unknown };

export interface StandInFile {
  id: string;
  name: string;
  /** The bytes served at `url_private_download`. */
  content: string | Uint8Array;
  /** Metadata only (what `files.info` and the event say); defaults from the name. */
  mimetype?: string;
  filetype?: string;
  /** Defaults to the content's byte length; set it to lie (e.g. claim 50 MB). */
  size?: number;
  /** The Content-Type the download is served with (default from mimetype). */
  contentType?: string;
  user?: string;
  channels?: string[];
  /** HTTP status for the download (e.g. 403, or 200 with an HTML login page as content). */
  downloadStatus?: number;
}

export interface StandInUpload {
  fileId: string;
  filename: string;
  altText: string | undefined;
  bytes: Buffer | undefined;
  channel: string | undefined;
  threadTs: string | undefined;
  title: string | undefined;
  comment: string | undefined;
}
export type StandInChannelType = "public" | "private" | "im" | "mpim" | "missing";

export interface SlackStandInOptions {
  teamId?: string;
  botUserId?: string;
  botId?: string;
  appId?: string;
  /** Accept only this bot token (anything else answers `invalid_auth`). Default: any `xoxb-`. */
  botToken?: string;
  /** Accept only this app-level token for `apps.connections.open`. Default: any `xapp-`. */
  appToken?: string;
}

/** The Socket Mode envelope types Slack pushes to an app (besides `hello` and `disconnect`). */
export type SocketModeEnvelopeType = "events_api" | "slash_commands" | "interactive";

export interface SocketModeEnvelopeOptions {
  /** Default: a fresh UUID. Reuse one to see how the app treats a duplicate envelope. */
  envelopeId?: string;
  /** Slack's redelivery count and reason (`retry_attempt`, `retry_reason`; events_api only). */
  retryAttempt?: number;
  retryReason?: string;
  /** Default as Slack sends it: true for slash_commands and interactive, false for events_api. */
  acceptsResponsePayload?: boolean;
}

/** What an app sends back over the socket to acknowledge an envelope. */
export interface SocketModeAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
}

/** The methods `faults()` breaks by default: what the app calls while answering people. */
export const faultMethods = [
  "files.info",
  "files.download",
  "chat.postMessage",
  "chat.update",
  "chat.postEphemeral",
  "reactions.add",
  "conversations.members",
  "views.open",
  "response_url",
] as const;

export type FaultKind = "500" | "429" | "reset" | "slow";

export interface FaultOptions {
  /** Share of calls that fail, 0 to 1 (e.g. 0.3). */
  rate: number;
  /** Seeds the choice of which call fails and how, so a run can be replayed. */
  seed: number;
  /** Default `faultMethods`. */
  methods?: readonly string[];
  /** Default all four, equally likely. */
  kinds?: readonly FaultKind[];
  /** How late a `"slow"` answer comes: set it above the client's timeout (default 2,500 ms). */
  slowMs?: number;
  /** `Retry-After` seconds of a 429 (default 1). */
  retryAfter?: number;
}

/** A small seeded PRNG (mulberry32): deterministic across runs and platforms. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SlackStandIn {
  /** Base URL to use as SLACK_API_URL, ending in `/api/`. */
  readonly url: string;
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  readonly teamId: string;
  readonly botUserId: string;
  /** Recorded calls, optionally of one method, in arrival order. */
  calls(method?: string): RecordedCall[];
  /** Resolves once at least `count` calls of `method` were recorded (rejects after timeoutMs). */
  waitForCalls(method: string, count: number, timeoutMs?: number): Promise<RecordedCall[]>;
  /** Queue answers for the next calls of `method` (`"files.download"` for downloads); later calls answer "ok". */
  script(method: string, steps: ScriptStep[]): void;
  /** Answer every call of `method` with this step until cleared (`undefined` clears). */
  always(method: string, step: ScriptStep | undefined): void;
  /**
   * Fault mode: each call of the listed methods fails with probability `rate`, as HTTP 500, 429
   * with Retry-After, a reset connection or an answer slower than the client waits, chosen by a
   * seeded generator. Scripted steps still come first. `undefined` turns it off.
   */
  faults(options: FaultOptions | undefined): void;
  /** Calls of `method` whose effect happened (answered normally or late), e.g. posts made. */
  effective(method?: string): RecordedCall[];
  /** Registers a file; returns its Slack file object (as files.info and events carry it). */
  addFile(file: StandInFile): Record<string, unknown>;
  fileObject(id: string): Record<string, unknown>;
  /** Channel membership for `conversations.members` (unknown channels answer channel_not_found). */
  setMembers(channelId: string, userIds: string[]): void;
  /**
   * What `conversations.info` says a channel is. Channels never set answer as private channels
   * (the hiring channels most suites use); `"missing"` answers `channel_not_found`.
   */
  setChannelType(channelId: string, type: StandInChannelType): void;
  /** A URL on the stand-in to use as a slash command's or action's `response_url`. */
  responseUrl(tag?: string): string;
  /**
   * Files uploaded through files.uploadV2 (getUploadURLExternal, the bytes posted to its
   * `upload_url`, completeUploadExternal), with where they were shared; bytes arrive with
   * the upload, `channel`/`threadTs` with the completion (undefined until then).
   */
  uploads(): StandInUpload[];
  /** Names a channel for `conversations.info`; DMs opened with conversations.open are `D…`. */
  setChannelName(channelId: string, name: string): void;
  /** The `tz` users.info answers for this user (default: the fixture's America/Los_Angeles). */
  setUserTimezone(userId: string, tz: string | null): void;
  /** Socket Mode connections open now (said `hello`, not yet closed). */
  openSockets(): number;
  /**
   * Pushes an envelope (`{ type, envelope_id, payload, accepts_response_payload, ... }`) over the
   * newest open Socket Mode connection, as Slack does; returns its `envelope_id`.
   */
  sendEnvelope(
    type: SocketModeEnvelopeType,
    payload: Record<string, unknown>,
    options?: SocketModeEnvelopeOptions,
  ): string;
  /** Resolves with the app's ack of this envelope (rejects after timeoutMs). */
  waitForAck(envelopeId: string, timeoutMs?: number): Promise<SocketModeAck>;
  /** Sends Slack's `disconnect` message on every open connection (`refresh_requested` etc.). */
  sendDisconnect(reason?: "warning" | "refresh_requested" | "link_disabled"): void;
  /** Resolves once no Socket Mode connection is open (the app closed them). */
  waitForSocketsClosed(timeoutMs?: number): Promise<void>;
  /** Forget recorded calls, uploads and scripts (files, members and open connections stay). */
  reset(): void;
  close(): Promise<void>;
}

const nameTypes: Record<string, { mimetype: string; filetype: string }> = {
  txt: { mimetype: "text/plain", filetype: "text" },
  md: { mimetype: "text/markdown", filetype: "markdown" },
  vtt: { mimetype: "text/vtt", filetype: "text" },
  srt: { mimetype: "application/x-subrip", filetype: "text" },
  png: { mimetype: "image/png", filetype: "png" },
  jpg: { mimetype: "image/jpeg", filetype: "jpg" },
  gif: { mimetype: "image/gif", filetype: "gif" },
  pdf: { mimetype: "application/pdf", filetype: "pdf" },
  docx: {
    mimetype: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    filetype: "docx",
  },
};

function typeFromName(name: string): { mimetype: string; filetype: string } {
  const ext = name.split(".").pop()?.toLowerCase() ?? "";
  return nameTypes[ext] ?? { mimetype: "application/octet-stream", filetype: "binary" };
}

/** Decodes form values that carry JSON (blocks, view, attachments), as Slack itself does. */
function parseFormValue(value: string): unknown {
  const trimmed = value.trim();
  if ((trimmed.startsWith("[") || trimmed.startsWith("{")) && trimmed.length > 1) {
    try {
      return JSON.parse(trimmed);
    } catch {
      return value;
    }
  }
  return value;
}

function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (raw.length === 0) return {};
  if (contentType?.includes("application/json")) {
    try {
      const parsed = JSON.parse(raw) as unknown;
      return parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>) : {};
    } catch {
      return { _raw: raw };
    }
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) out[key] = parseFormValue(value);
  return out;
}

function readRaw(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** `xoxb-` for the Web API, `xapp-` for apps.connections.open; Slack refuses the other kind. */
function checkToken(
  method: string,
  token: string | undefined,
  options: SlackStandInOptions,
): string | undefined {
  const appLevel = method === "apps.connections.open";
  const expected = appLevel ? options.appToken : options.botToken;
  const prefix = appLevel ? "xapp-" : "xoxb-";
  if (token === undefined) return "not_authed";
  if (expected ? token === expected : token.startsWith(prefix)) return undefined;
  if (token.startsWith(appLevel ? "xoxb-" : "xapp-")) return "not_allowed_token_type";
  return "invalid_auth";
}

export async function startSlackStandIn(options: SlackStandInOptions = {}): Promise<SlackStandIn> {
  const teamId = options.teamId ?? "T043DB835ML";
  const botUserId = options.botUserId ?? "U0442US8QGH";
  const botId = options.botId ?? "B0439P161B9";
  const appId = options.appId ?? "A0442TUPHGR";

  const recorded: RecordedCall[] = [];
  const scripts = new Map<string, ScriptStep[]>();
  const standing = new Map<string, ScriptStep>();
  let faultMode: (Required<FaultOptions> & { random: () => number }) | undefined;
  const files = new Map<string, StandInFile>();
  const members = new Map<string, string[]>();
  const channelTypes = new Map<string, StandInChannelType>();
  const sockets = new Set<Socket>();
  const hanging = new Set<ServerResponse>();
  const waiters = new Set<() => void>();
  /** One-time tickets handed out by apps.connections.open, as Slack's `wss://…/link/?ticket=`. */
  const tickets = new Set<string>();
  const openSocketSet = new Set<WebSocket>();
  const wss = new WebSocketServer({ noServer: true });
  const posted: Array<Record<string, unknown> & { channel: string; ts: string }> = [];
  const uploads = new Map<string, StandInUpload>();
  const channelNames = new Map<string, string>();
  const userTimezones = new Map<string, string | null>();
  let uploadCounter = 0;
  let tsCounter = 0;
  let origin = "";

  const updateSample = fixture<Record<string, unknown>>("web-api/chat.update.real.json");
  const botProfile = (updateSample.message as Record<string, unknown>).bot_profile;
  const userSample = fixture<{ user: Record<string, unknown> }>(
    "web-api/users.info.openapi-example.json",
  );
  const ratelimitedBody = readFileSync(
    new URL("errors/ratelimited.body.json", fixturesDir),
    "utf8",
  );

  const nextTs = (): string => {
    tsCounter += 1;
    return `${Math.floor(Date.now() / 1000)}.${String(tsCounter).padStart(6, "0")}`;
  };

  const fileObject = (id: string): Record<string, unknown> => {
    const file = files.get(id);
    if (!file) throw new Error(`stand-in: no file ${id}`);
    const base = fixture<Record<string, unknown>>("web-api/file_object.real_snippet.json");
    const type = typeFromName(file.name);
    const bytes =
      typeof file.content === "string" ? Buffer.byteLength(file.content) : file.content.byteLength;
    const encodedName = encodeURIComponent(file.name);
    return {
      ...base,
      id,
      name: file.name,
      title: file.name,
      mimetype: file.mimetype ?? type.mimetype,
      filetype: file.filetype ?? type.filetype,
      size: file.size ?? bytes,
      user: file.user ?? base.user,
      user_team: teamId,
      url_private: `${origin}/files-pri/${teamId}-${id}/${encodedName}`,
      url_private_download: `${origin}/files-pri/${teamId}-${id}/download/${encodedName}`,
      permalink: `${origin}/files/${file.user ?? "U0"}/${id}/${encodedName}`,
      preview: undefined,
      preview_highlight: undefined,
      channels: file.channels ?? [],
    };
  };

  const nextStep = (method: string): ScriptStep => {
    const queue = scripts.get(method);
    if (queue && queue.length > 0) return queue.shift() as ScriptStep;
    const standingStep = standing.get(method);
    if (standingStep) return standingStep;
    if (faultMode?.methods.includes(method) && faultMode.random() < faultMode.rate) {
      const kind = faultMode.kinds[Math.floor(faultMode.random() * faultMode.kinds.length)];
      switch (kind) {
        case "500":
          return { status: 500 };
        case "429":
          return { status: 429, retryAfter: faultMode.retryAfter };
        case "reset":
          return "reset";
        default:
          return { delayMs: faultMode.slowMs, label: "slow" };
      }
    }
    return "ok";
  };

  const sendJson = (res: ServerResponse, status: number, body: unknown, headers = {}): void => {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      "content-type": "application/json; charset=utf-8",
      "x-slack-req-id": `standin-${tsCounter}`,
      "access-control-expose-headers": "x-slack-req-id, retry-after",
      ...headers,
    });
    res.end(text);
  };

  /** The normal ("ok") answer of each method, shaped after the real responses. */
  const answer = (method: string, body: Record<string, unknown>): Record<string, unknown> => {
    const channel = typeof body.channel === "string" ? body.channel : "C0000000000";
    switch (method) {
      case "auth.test":
        return {
          ok: true,
          url: `${origin}/`,
          team: "Stand-in Workspace",
          user: "hiring-signal",
          team_id: teamId,
          user_id: botUserId,
          bot_id: botId,
          is_enterprise_install: false,
        };
      case "chat.postMessage":
      case "chat.update": {
        const ts = method === "chat.update" ? String(body.ts) : nextTs();
        const message: Record<string, unknown> = {
          bot_id: botId,
          type: "message",
          text: body.text ?? "",
          user: botUserId,
          app_id: appId,
          blocks: body.blocks ?? [],
          team: teamId,
          bot_profile: botProfile,
          ts,
          ...(body.thread_ts ? { thread_ts: body.thread_ts } : {}),
          ...(body.metadata && typeof body.metadata === "object"
            ? { metadata: body.metadata }
            : {}),
        };
        if (method === "chat.postMessage") posted.push({ ...message, channel, ts });
        else {
          // An edit replaces what conversations.replies/history return for that message.
          const index = posted.findIndex((m) => m.channel === channel && m.ts === ts);
          const before = posted[index];
          if (before) {
            posted[index] = {
              ...before,
              text: message.text,
              blocks: message.blocks,
              ...(message.metadata ? { metadata: message.metadata } : {}),
            };
          }
        }
        return {
          ok: true,
          channel,
          ts,
          ...(method === "chat.update" ? { text: body.text } : {}),
          message,
        };
      }
      case "conversations.history":
      case "conversations.replies": {
        const withMeta = body.include_all_metadata === "true" || body.include_all_metadata === true;
        const oldest = Number(body.oldest ?? 0);
        const inChannel = posted.filter((m) => m.channel === channel && Number(m.ts) >= oldest);
        const chosen =
          method === "conversations.replies"
            ? inChannel.filter((m) => m.ts === body.ts || m.thread_ts === body.ts)
            : [...inChannel].reverse();
        const messages = chosen.map(({ channel: _c, metadata, ...m }) =>
          withMeta && metadata ? { ...m, metadata } : m,
        );
        return { ok: true, messages, has_more: false, response_metadata: { next_cursor: "" } };
      }
      case "chat.getPermalink":
        return {
          ok: true,
          channel,
          permalink: `${origin}/archives/${channel}/p${String(body.message_ts ?? "").replace(".", "")}`,
        };
      case "chat.postEphemeral":
        return { ok: true, message_ts: nextTs() };
      case "reactions.add":
      case "reactions.remove":
        return { ok: true };
      case "conversations.info": {
        const type = channelTypes.get(channel) ?? "private";
        if (type === "missing") return { ok: false, error: "channel_not_found" };
        const sample = fixture<{ channel: Record<string, unknown> }>(
          "web-api/conversations.info.real_general.json",
        );
        return {
          ok: true,
          channel: {
            ...sample.channel,
            id: channel,
            name:
              type === "im"
                ? undefined
                : (channelNames.get(channel) ?? `ch-${channel.toLowerCase()}`),
            name_normalized:
              type === "im"
                ? undefined
                : (channelNames.get(channel) ?? `ch-${channel.toLowerCase()}`),
            is_general: false,
            is_channel: type === "public" || type === "private",
            is_group: false,
            is_im: type === "im",
            is_mpim: type === "mpim",
            is_private: type !== "public",
          },
        };
      }
      case "views.open":
      case "views.update":
      case "views.push": {
        const view = typeof body.view === "object" ? (body.view as Record<string, unknown>) : {};
        return {
          ok: true,
          view: {
            id: `V${String(++tsCounter).padStart(10, "0")}`,
            team_id: teamId,
            ...view,
            state: { values: {} },
            hash: `${tsCounter}.hash`,
            app_id: appId,
            bot_id: botId,
          },
        };
      }
      case "apps.connections.open": {
        const ticket = randomUUID();
        tickets.add(ticket);
        return {
          ok: true,
          url: `${origin.replace(/^http/u, "ws")}/link/?ticket=${ticket}&app_id=${appId}`,
        };
      }
      case "views.publish":
        return {
          ok: true,
          view: {
            id: `V${String(tsCounter).padStart(10, "0")}`,
            team_id: teamId,
            type: "home",
            ...(typeof body.view === "object" ? (body.view as object) : {}),
            app_id: appId,
            bot_id: botId,
          },
        };
      case "files.info": {
        const id = String(body.file ?? "");
        if (!files.has(id)) return { ok: false, error: "file_not_found" };
        return {
          ok: true,
          file: fileObject(id),
          comments: [],
          response_metadata: { next_cursor: "" },
        };
      }
      case "conversations.members": {
        const list = members.get(channel);
        if (!list) return { ok: false, error: "channel_not_found" };
        return { ok: true, members: list, response_metadata: { next_cursor: "" } };
      }
      case "users.info": {
        const id = String(body.user ?? "");
        const tz = userTimezones.has(id) ? userTimezones.get(id) : userSample.user.tz;
        return {
          ok: true,
          user: { ...userSample.user, id, team_id: teamId, is_admin: false, tz },
        };
      }
      case "conversations.open": {
        const user = String(body.users ?? "").split(",")[0] ?? "";
        return { ok: true, channel: { id: `D${user.replace(/^U/u, "")}`.slice(0, 11) } };
      }
      case "files.getUploadURLExternal": {
        uploadCounter += 1;
        const fileId = `FUP${String(uploadCounter).padStart(8, "0")}`;
        uploads.set(fileId, {
          fileId,
          filename: String(body.filename ?? ""),
          altText: typeof body.alt_text === "string" ? body.alt_text : undefined,
          bytes: undefined,
          channel: undefined,
          threadTs: undefined,
          title: undefined,
          comment: undefined,
        });
        return { ok: true, upload_url: `${origin}/upload/v1/${fileId}`, file_id: fileId };
      }
      case "files.completeUploadExternal": {
        const list = (Array.isArray(body.files) ? body.files : []) as Array<{
          id: string;
          title?: string;
        }>;
        for (const f of list) {
          const up = uploads.get(f.id);
          if (!up) return { ok: false, error: "file_not_found" };
          if (!up.bytes) return { ok: false, error: "file_upload_not_complete" };
          up.title = f.title;
          up.channel = typeof body.channel_id === "string" ? body.channel_id : undefined;
          up.threadTs = typeof body.thread_ts === "string" ? body.thread_ts : undefined;
          up.comment = typeof body.initial_comment === "string" ? body.initial_comment : undefined;
        }
        return { ok: true, files: list.map((f) => ({ id: f.id, title: f.title ?? "" })) };
      }
      default:
        return { ok: true };
    }
  };

  /** Applies the step; returns false when it answered (or will never answer) itself. */
  const applyStep = async (
    step: ScriptStep,
    res: ServerResponse,
  ): Promise<{ handled: boolean; label: string }> => {
    if (step === "ok") return { handled: false, label: "ok" };
    if (step === "hang") {
      hanging.add(res);
      return { handled: true, label: "hang" };
    }
    if (step === "reset") {
      res.socket?.destroy();
      return { handled: true, label: "reset" };
    }
    if ("delayMs" in step) {
      await new Promise((r) => setTimeout(r, step.delayMs));
      return { handled: false, label: step.label ?? "ok" };
    }
    if ("error" in step) {
      sendJson(res, 200, { ok: false, error: step.error, ...(step.extra ?? {}) });
      return { handled: true, label: step.error };
    }
    if ("status" in step) {
      if (step.status === 429) {
        res.writeHead(429, {
          "retry-after": String(step.retryAfter ?? 1),
          "content-type": "application/json;charset=utf-8",
        });
        res.end(step.body === undefined ? ratelimitedBody : JSON.stringify(step.body));
        return { handled: true, label: "429" };
      }
      res.writeHead(step.status, { "content-type": "text/html" });
      res.end(
        step.body === undefined
          ? `<html><body>${step.status} Service Unavailable</body></html>`
          : JSON.stringify(step.body),
      );
      return { handled: true, label: String(step.status) };
    }
    sendJson(res, 200, step.body);
    return { handled: true, label: "body" };
  };

  /**
   * A fault-mode "slow" answer: Slack did the work at once and its answer is late, so the
   * effect is applied (and recorded) now and only the response waits.
   */
  const slowness = (step: ScriptStep): number =>
    typeof step === "object" && "delayMs" in step && step.label === "slow" ? step.delayMs : 0;
  const later = (ms: number) => new Promise((r) => setTimeout(r, ms));

  const record = (call: RecordedCall): void => {
    recorded.push(call);
    for (const wake of waiters) wake();
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://stand-in");
    const rawBytes = await readRaw(req);
    const raw = rawBytes.toString("utf8");
    const auth = req.headers.authorization;
    const bearer = auth?.startsWith("Bearer ") ? auth.slice(7) : undefined;

    // File downloads: /files-pri/<team>-<id>/download/<name>
    const download = url.pathname.match(/^\/files-pri\/[^/]+-([A-Z0-9]+)\/(?:download\/)?[^/]+$/);
    if (download && req.method === "GET") {
      const id = download[1] as string;
      const call: RecordedCall = {
        method: "files.download",
        body: { fileId: id },
        headers: req.headers,
        token: bearer,
        path: url.pathname,
        answeredWith: "ok",
        at: Date.now(),
      };
      const step = nextStep("files.download");
      const slow = slowness(step);
      const { handled, label } = slow
        ? { handled: false, label: "slow" }
        : await applyStep(step, res);
      call.answeredWith = label;
      record(call);
      if (handled) return;
      if (slow) await later(slow);
      const file = files.get(id);
      if (!file) {
        res.writeHead(404, { "content-type": "text/plain" });
        res.end("not found");
        return;
      }
      if (!bearer || (options.botToken && bearer !== options.botToken)) {
        // Slack answers unauthenticated downloads with its HTML sign-in page.
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        res.end(
          "<!DOCTYPE html><html><head><title>Slack</title></head><body>Sign in</body></html>",
        );
        return;
      }
      const type = typeFromName(file.name);
      res.writeHead(file.downloadStatus ?? 200, {
        "content-type": file.contentType ?? file.mimetype ?? type.mimetype,
      });
      res.end(typeof file.content === "string" ? file.content : Buffer.from(file.content));
      return;
    }

    // files.uploadV2's second step: the bytes, multipart/form-data, to the upload_url.
    const uploadPath = url.pathname.match(/^\/upload\/v1\/([A-Z0-9]+)$/u);
    if (uploadPath && req.method === "POST") {
      const fileId = uploadPath[1] as string;
      const call: RecordedCall = {
        method: "files.upload",
        body: { fileId },
        headers: req.headers,
        token: bearer,
        path: url.pathname,
        answeredWith: "ok",
        at: Date.now(),
      };
      const { handled, label } = await applyStep(nextStep("files.upload"), res);
      call.answeredWith = label;
      if (handled) {
        record(call);
        return;
      }
      const up = uploads.get(fileId);
      if (!up) {
        record({ ...call, answeredWith: "404" });
        res.writeHead(404, { "content-type": "text/plain" });
        res.end("not found");
        return;
      }
      const form = await new Response(rawBytes, {
        headers: { "content-type": req.headers["content-type"] ?? "" },
      }).formData();
      const part = form.get("body") ?? form.get("file");
      up.bytes =
        part && typeof part !== "string"
          ? Buffer.from(await part.arrayBuffer())
          : Buffer.from(String(part ?? ""), "utf8");
      record({ ...call, body: { fileId, size: up.bytes.length } });
      res.writeHead(200, { "content-type": "text/plain" });
      res.end(`OK - ${up.bytes.length}`);
      return;
    }

    if (url.pathname.startsWith("/response/")) {
      const body = parseBody(raw, req.headers["content-type"]);
      const call: RecordedCall = {
        method: "response_url",
        body,
        headers: req.headers,
        token: bearer,
        path: url.pathname,
        answeredWith: "ok",
        at: Date.now(),
      };
      const step = nextStep("response_url");
      const slow = slowness(step);
      const { handled, label } = slow
        ? { handled: false, label: "slow" }
        : await applyStep(step, res);
      call.answeredWith = label;
      record(call);
      if (slow) await later(slow);
      if (!handled) {
        res.writeHead(200, { "content-type": "text/html" });
        res.end("ok");
      }
      return;
    }

    const apiMatch = url.pathname.match(/^\/api\/([A-Za-z.]+)$/);
    if (!apiMatch) {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
      return;
    }
    const method = apiMatch[1] as string;
    const body = parseBody(raw, req.headers["content-type"]);
    const token = bearer ?? (typeof body.token === "string" ? body.token : undefined);
    const call: RecordedCall = {
      method,
      body,
      headers: req.headers,
      token,
      path: url.pathname,
      answeredWith: "ok",
      at: Date.now(),
    };
    const step = nextStep(method);
    const slow = slowness(step);
    const { handled, label } = slow
      ? { handled: false, label: "slow" }
      : await applyStep(step, res);
    call.answeredWith = label;
    if (handled) {
      record(call);
      return;
    }
    const tokenError = checkToken(method, token, options);
    const response = tokenError ? { ok: false, error: tokenError } : answer(method, body);
    if (response.ok === false) call.answeredWith = String(response.error);
    record(call);
    if (slow) await later(slow);
    sendJson(res, 200, response);
  });

  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  /** A Socket Mode connection: hello first, then every message from the app is recorded. */
  const onSocket = (ws: WebSocket, req: IncomingMessage): void => {
    const path = req.url ?? "/";
    const note = (method: string, body: Record<string, unknown>): void =>
      record({
        method,
        body,
        headers: req.headers,
        token: undefined,
        path,
        answeredWith: "ok",
        at: Date.now(),
      });
    openSocketSet.add(ws);
    ws.on("message", (data, isBinary) => {
      let body: Record<string, unknown>;
      try {
        const parsed = JSON.parse(data.toString()) as unknown;
        body = parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>) : {};
      } catch {
        body = { _raw: data.toString() };
      }
      note(
        !isBinary && typeof body.envelope_id === "string"
          ? "socket_mode.ack"
          : "socket_mode.message",
        body,
      );
    });
    ws.on("close", (code, reason) => {
      openSocketSet.delete(ws);
      note("socket_mode.close", { code, reason: reason.toString() });
    });
    ws.send(
      JSON.stringify({
        type: "hello",
        num_connections: openSocketSet.size,
        debug_info: {
          host: "applink-stand-in",
          build_number: 1,
          approximate_connection_time: 18_060,
        },
        connection_info: { app_id: appId },
      }),
    );
    note("socket_mode.connect", {});
  };

  server.on("upgrade", (req, socket, head) => {
    const url = new URL(req.url ?? "/", "http://stand-in");
    const ticket = url.searchParams.get("ticket") ?? "";
    // Like Slack's, a ticket from apps.connections.open opens one connection only.
    if (url.pathname !== "/link/" || !tickets.delete(ticket)) {
      socket.end("HTTP/1.1 401 Unauthorized\r\nconnection: close\r\ncontent-length: 0\r\n\r\n");
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => onSocket(ws, req));
  });

  /** Resolves with `found()`'s first defined answer, re-checked on every recorded call. */
  const waitFor = <T>(
    found: () => T | undefined,
    timeoutMs: number,
    what: () => string,
  ): Promise<T> =>
    new Promise((resolve, reject) => {
      const check = (): boolean => {
        const value = found();
        if (value === undefined) return false;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(value);
        return true;
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`stand-in: waited ${timeoutMs} ms for ${what()}`));
      }, timeoutMs);
      if (!check()) waiters.add(check);
    });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  let responseCounter = 0;

  return {
    url: `${origin}/api/`,
    origin,
    teamId,
    botUserId,
    calls(method) {
      return method ? recorded.filter((c) => c.method === method) : [...recorded];
    },
    waitForCalls(method, count, timeoutMs = 10_000) {
      const ofMethod = () => recorded.filter((c) => c.method === method);
      return waitFor(
        () => {
          const found = ofMethod();
          return found.length >= count ? found : undefined;
        },
        timeoutMs,
        () => `${count} ${method}, got ${ofMethod().length}`,
      );
    },
    script(method, steps) {
      scripts.set(method, [...(scripts.get(method) ?? []), ...steps]);
    },
    always(method, step) {
      if (step === undefined) standing.delete(method);
      else standing.set(method, step);
    },
    faults(options) {
      faultMode = options
        ? {
            methods: faultMethods,
            kinds: ["500", "429", "reset", "slow"],
            slowMs: 2_500,
            retryAfter: 1,
            ...options,
            random: seededRandom(options.seed),
          }
        : undefined;
    },
    effective(method) {
      return recorded.filter(
        (c) =>
          (method === undefined || c.method === method) &&
          (c.answeredWith === "ok" || c.answeredWith === "slow"),
      );
    },
    addFile(file) {
      files.set(file.id, file);
      return fileObject(file.id);
    },
    fileObject,
    setChannelType(channelId, type) {
      channelTypes.set(channelId, type);
    },
    setMembers(channelId, userIds) {
      members.set(channelId, [...userIds]);
    },
    responseUrl(tag = "cmd") {
      responseCounter += 1;
      return `${origin}/response/${tag}/${responseCounter}`;
    },
    uploads() {
      return [...uploads.values()];
    },
    setChannelName(channelId, name) {
      channelNames.set(channelId, name);
    },
    setUserTimezone(userId, tz) {
      userTimezones.set(userId, tz);
    },
    openSockets() {
      return openSocketSet.size;
    },
    sendEnvelope(type, payload, envelope = {}) {
      const sockets = [...openSocketSet];
      const ws = sockets[sockets.length - 1];
      if (!ws) throw new Error("stand-in: no Socket Mode connection is open");
      const envelopeId = envelope.envelopeId ?? randomUUID();
      ws.send(
        JSON.stringify({
          envelope_id: envelopeId,
          payload,
          type,
          accepts_response_payload: envelope.acceptsResponsePayload ?? type !== "events_api",
          ...(type === "events_api"
            ? {
                retry_attempt: envelope.retryAttempt ?? 0,
                retry_reason: envelope.retryReason ?? "",
              }
            : {}),
        }),
      );
      return envelopeId;
    },
    waitForAck(envelopeId, timeoutMs = 10_000) {
      return waitFor(
        () =>
          recorded.find((c) => c.method === "socket_mode.ack" && c.body.envelope_id === envelopeId)
            ?.body as SocketModeAck | undefined,
        timeoutMs,
        () => `the ack of envelope ${envelopeId}`,
      );
    },
    sendDisconnect(reason = "refresh_requested") {
      const message = JSON.stringify({
        type: "disconnect",
        reason,
        debug_info: { host: "applink-stand-in" },
      });
      for (const ws of openSocketSet) ws.send(message);
    },
    waitForSocketsClosed(timeoutMs = 10_000) {
      return waitFor(
        () => (openSocketSet.size === 0 ? true : undefined),
        timeoutMs,
        () => `${openSocketSet.size} Socket Mode connection(s) to close`,
      ).then(() => undefined);
    },
    reset() {
      recorded.length = 0;
      uploads.clear();
      scripts.clear();
      standing.clear();
      faultMode = undefined;
    },
    async close() {
      for (const res of hanging) res.destroy();
      hanging.clear();
      for (const ws of openSocketSet) ws.terminate();
      tickets.clear();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
