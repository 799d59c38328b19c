import type { AddressInfo } from "node:net";
import { App, type Logger as BoltLogger, HTTPReceiver, LogLevel } from "@slack/bolt";
import type { WebClientOptions } from "@slack/web-api";
import type { Config } from "../config.js";
import { type Db, ping } from "../db/client.js";
import { AppError, toAppError } from "../errors.js";

/** Bolt calls the handler with these when `extendedErrorHandler` is on (not exported by Bolt). */
interface ErrorHandlerArgs {
  error: Error & { original?: unknown };
  body: unknown;
}

import { UploadJobs } from "../ingest/uploads.js";
import { defaultRecoverEveryMs } from "../lease.js";
import { judgeFor } from "../llm/index.js";
import type { Logger } from "../logger.js";
import { responseUrlFetch, slackErrorCode } from "../slack-outbound.js";
import { AccessControl } from "./access.js";
import { renderNotice } from "./blocks/candidate-summary.js";
import { messageModal } from "./blocks/modal.js";
import { type SlackMode, slackModeFrom } from "./credentials.js";
import type { SlackDeps } from "./deps.js";
import { edgeGuards, MAX_REQUEST_BYTES } from "./edge-guards.js";
import { registerListeners } from "./listeners/index.js";
import type { RateLimit } from "./rate-limit.js";
import { safeError } from "./safe-error.js";
import { createUploadPorts } from "./upload-ports.js";
import { createUploadRecorder, type RecordRetry } from "./upload-recorder.js";
import { createWorkQueue } from "./work-queue.js";

export interface CreateSlackAppOptions {
  config: Config;
  db: Db;
  logger: Logger;
  /** Defaults to what the config implies (`slackModeFrom`). */
  mode?: SlackMode;
  /** Merged over the production Web API client options (tests shorten retries). */
  clientOptions?: Partial<WebClientOptions>;
  upload?: {
    workerId?: string;
    leaseMs?: number;
    maxAttempts?: number;
    /** First wait before retrying an attempt that failed on our side (see `UploadJobOptions`). */
    retryBackoffMs?: number;
    /** How long an upload the database would not record is tried again (`defaultRecordRetry`). */
    recordRetry?: RecordRetry;
    /**
     * How often to look for uploads a dead worker left unfinished (0 disables the sweep;
     * default `defaultRecoverEveryMs`). The sweep also runs once at start-up.
     */
    recoverEveryMs?: number;
    /** An unclaimed upload younger than this is left to the instance that received it. */
    recoverGraceMs?: number;
    downloadRetries?: number;
    downloadRetryDelayMs?: number;
    downloadTimeoutMs?: number;
    /** After this long without a reply the thread gets a "working on it" line (0: never). */
    progressAfterMs?: number;
  };
  /** How long a channel's member list is cached. */
  membershipTtlMs?: number;
  /** Commands and button clicks worked on at once after their ack (default 4; see `defaultWorkConcurrency`). */
  maxConcurrentWork?: number;
  /** Slash commands per person (default `defaultCommandRateLimit`: 20 at once, 20 a minute). */
  commandRateLimit?: RateLimit;
}

export interface SlackApp {
  app: App;
  deps: SlackDeps;
  /**
   * Starts listening (HTTP: on `port`, default the configured PORT; 0 picks a free one) and
   * sweeps up unfinished uploads. Returns the port in HTTP mode.
   */
  start(port?: number): Promise<{ port: number | undefined }>;
  /** Stops listening and the sweep, and waits for jobs in flight. */
  stop(): Promise<void>;
}

/**
 * Web API retries: @slack/web-api already waits out `Retry-After` on 429 and retries 5xx and
 * network errors with exponential backoff; this bounds the total (about a minute) and adds a
 * request timeout so a hung connection cannot hold an upload's lease.
 */
export const defaultClientOptions: Partial<WebClientOptions> = {
  timeout: 15_000,
  rejectRateLimitedCalls: false,
  retryConfig: { retries: 5, factor: 2, minTimeout: 1_000, maxTimeout: 20_000, randomize: true },
};

/** Bolt's logger interface on top of pino (Bolt's debug output is dropped: it logs payloads). */
function boltLogger(logger: Logger): BoltLogger {
  const log = logger.child({ component: "bolt" });
  const text = (msg: unknown[]) =>
    msg.map((m) => (typeof m === "string" ? m : String(m))).join(" ");
  let level = LogLevel.INFO;
  return {
    debug: () => {},
    info: (...msg) => log.info(text(msg)),
    warn: (...msg) => log.warn(text(msg)),
    error: (...msg) => log.error(text(msg)),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

/** The response_url of a command or action, where an error sentence can be sent. */
function responseUrlOf(body: unknown): string | undefined {
  const url = (body as { response_url?: unknown } | undefined)?.response_url;
  return typeof url === "string" && /^https?:\/\//u.test(url) ? url : undefined;
}

/** `GET /healthz` in HTTP mode: 200 while the database answers, 503 when it does not. */
function healthRoute(db: Db) {
  return {
    path: "/healthz",
    method: ["GET"],
    handler: (_req: unknown, res: import("node:http").ServerResponse) => {
      ping(db).then(
        () => {
          res.writeHead(200, { "content-type": "application/json" });
          res.end('{"ok":true}');
        },
        () => {
          res.writeHead(503, { "content-type": "application/json" });
          res.end('{"ok":false,"error":"database unavailable"}');
        },
      );
    },
  };
}

/** The Bolt app for the mode: HTTP (with the health route) or Socket Mode. */
function createBoltApp(
  mode: SlackMode,
  clientOptions: WebClientOptions,
  db: Db,
  logger: Logger,
): App {
  const bolt = boltLogger(logger);
  const common = {
    token: mode.botToken,
    clientOptions,
    logger: bolt,
    extendedErrorHandler: true,
    deferInitialization: true,
    // No listener uses Bolt's conversation store; it would run on every request.
    convoStore: false,
  } as const;
  return mode.kind === "http"
    ? new App({
        ...common,
        receiver: new HTTPReceiver({
          signingSecret: mode.signingSecret,
          customRoutes: [healthRoute(db)],
          // Refused with 413 before the body is read or parsed (Content-Length checked first).
          bodyLimit: MAX_REQUEST_BYTES,
          logger: bolt,
        }),
      })
    : new App({ ...common, appToken: mode.appToken, socketMode: true });
}

/**
 * The one error handler: the cause goes to the log (no payloads, no candidate data), the
 * person gets one clear sentence where Slack gave us a way to answer.
 */
function errorHandler(logger: Logger, client: App["client"], send: typeof fetch) {
  return async ({ error, body }: ErrorHandlerArgs): Promise<void> => {
    const original = (error as { original?: unknown }).original ?? error;
    const appError = toAppError(original);
    logger.error(
      { err: safeError(original), code: appError.code, type: (body as { type?: string })?.type },
      "slack request failed",
    );
    const url = responseUrlOf(body);
    const triggerId = (body as { trigger_id?: unknown } | undefined)?.trigger_id;
    if (
      !url &&
      typeof triggerId === "string" &&
      (body as { type?: string }).type === "block_actions"
    ) {
      // A click in a view (App Home, a modal) has no response_url: answer in a modal instead.
      await client.views
        .open({
          trigger_id: triggerId,
          view: messageModal("Something went wrong", renderNotice(appError.userMessage)),
        })
        .catch((cause: unknown) => {
          logger.warn({ err: safeError(cause) }, "could not show the error in a modal");
        });
      return;
    }
    if (!url) return;
    const response = await send(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        response_type: "ephemeral",
        replace_original: false,
        text: appError.userMessage,
      }),
    }).catch((cause: unknown) => cause);
    if (response instanceof Error) {
      logger.warn({ err: safeError(response) }, "could not send the error reply");
    }
  };
}

/** Bolt's auth.test failed at start-up: a bad token, or Slack out of reach. */
function tokenRefused(error: unknown): AppError {
  const code = slackErrorCode(error);
  return new AppError(
    "CONFIG_INVALID",
    code
      ? `Slack did not accept SLACK_BOT_TOKEN (${code}); copy the Bot User OAuth Token from the app's "Install App" page.`
      : "Could not reach Slack to check SLACK_BOT_TOKEN; check the network and SLACK_API_URL.",
    { cause: error },
  );
}

/** The upload job and its Slack ports (files.info, download, ingest, reply). */
function createUploadWork(
  upload: NonNullable<CreateSlackAppOptions["upload"]>,
  deps: { client: App["client"]; botToken: string; config: Config; db: Db; logger: Logger },
) {
  const ports = createUploadPorts({
    judge: judgeFor(deps.config, deps.config.SCORER, {
      db: deps.db,
      logger: deps.logger.child({ component: "llm" }),
    }),
    db: deps.db,
    client: deps.client,
    botToken: deps.botToken,
    logger: deps.logger.child({ component: "uploads" }),
    maxBytes: deps.config.MAX_FILE_BYTES,
    apiUrl: deps.config.SLACK_API_URL,
    ...(upload.downloadRetries !== undefined ? { downloadRetries: upload.downloadRetries } : {}),
    ...(upload.downloadRetryDelayMs !== undefined
      ? { downloadRetryDelayMs: upload.downloadRetryDelayMs }
      : {}),
    ...(upload.downloadTimeoutMs !== undefined
      ? { downloadTimeoutMs: upload.downloadTimeoutMs }
      : {}),
    ...(upload.progressAfterMs !== undefined ? { progressAfterMs: upload.progressAfterMs } : {}),
  });
  const uploads = new UploadJobs({
    db: deps.db,
    ports,
    logger: deps.logger.child({ component: "uploads" }),
    ...(upload.workerId ? { workerId: upload.workerId } : {}),
    ...(upload.leaseMs !== undefined ? { leaseMs: upload.leaseMs } : {}),
    ...(upload.maxAttempts !== undefined ? { maxAttempts: upload.maxAttempts } : {}),
    ...(upload.retryBackoffMs !== undefined ? { retryBackoffMs: upload.retryBackoffMs } : {}),
  });
  const recorder = createUploadRecorder({
    db: deps.db,
    ports,
    logger: deps.logger.child({ component: "uploads" }),
    retry: upload.recordRetry,
  });
  return { ports, uploads, recorder };
}

export function createSlackApp(options: CreateSlackAppOptions): SlackApp {
  const { config, db, logger } = options;
  const mode = options.mode ?? slackModeFrom(config);
  const respondFetch = responseUrlFetch(config.SLACK_API_URL);
  const clientOptions: WebClientOptions = {
    ...defaultClientOptions,
    ...(config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {}),
    // Bolt's respond() posts to the response_url with this fetch: retried like Web API calls.
    fetch: respondFetch,
    ...options.clientOptions,
  };
  const app = createBoltApp(mode, clientOptions, db, logger);

  const upload = options.upload ?? {};
  const { ports, uploads, recorder } = createUploadWork(upload, {
    client: app.client,
    botToken: mode.botToken,
    config,
    db,
    logger,
  });
  const access = new AccessControl({
    admins: config.HIRING_ADMINS,
    ...(options.membershipTtlMs !== undefined ? { ttlMs: options.membershipTtlMs } : {}),
  });
  const deps: SlackDeps = {
    config,
    db,
    logger,
    access,
    uploads,
    ports,
    recorder,
    client: app.client,
    work: createWorkQueue(options.maxConcurrentWork ?? 4),
  };

  app.use(
    edgeGuards({
      logger,
      ...(options.commandRateLimit ? { commandRateLimit: options.commandRateLimit } : {}),
    }),
  );
  registerListeners(app, deps);

  // `extendedErrorHandler: true` (createBoltApp) makes Bolt call it with the request body.
  app.error(
    errorHandler(logger, app.client, respondFetch) as unknown as Parameters<typeof app.error>[0],
  );

  let sweep: NodeJS.Timeout | undefined;
  const recoverEveryMs = upload.recoverEveryMs ?? defaultRecoverEveryMs;
  const recover = () =>
    uploads.recover(upload.recoverGraceMs ?? 5_000).catch((error: unknown) => {
      logger.error({ err: safeError(error) }, "upload recovery sweep failed");
      return 0;
    });

  return {
    app,
    deps,
    async start(port) {
      // Bolt checks the token with auth.test; deferred to here so a bad token or an
      // unreachable Slack stops start-up with one sentence instead of an unhandled rejection.
      await app.init().catch((error: unknown) => {
        throw tokenRefused(error);
      });
      let boundPort: number | undefined;
      if (mode.kind === "http") {
        const server = await app.start(port ?? mode.port);
        boundPort = (server.address() as AddressInfo).port;
      } else {
        await app.start();
      }
      void recover();
      if (recoverEveryMs > 0) {
        sweep = setInterval(() => void recover(), recoverEveryMs);
        sweep.unref();
      }
      return { port: boundPort };
    },
    async stop() {
      if (sweep) clearInterval(sweep);
      await app.stop();
      await uploads.idle();
    },
  };
}
