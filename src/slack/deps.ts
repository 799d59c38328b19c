import type { WebClient } from "@slack/web-api";
import type { Config } from "../config.js";
import type { Db } from "../db/client.js";
import type { UploadJobs } from "../ingest/uploads.js";
import type { Logger } from "../logger.js";
import type { AccessControl } from "./access.js";
import type { SlackUploadPorts } from "./upload-ports.js";
import type { UploadRecorder } from "./upload-recorder.js";
import type { WorkQueue } from "./work-queue.js";

/** What every listener gets: the database, config, logger, access rules and the upload jobs. */
export interface SlackDeps {
  config: Config;
  db: Db;
  logger: Logger;
  access: AccessControl;
  uploads: UploadJobs;
  ports: SlackUploadPorts;
  /** Records an upload before any work, telling the thread when the database cannot. */
  recorder: UploadRecorder;
  /** The bot's client (token set): used outside a request, e.g. by recovered jobs. */
  client: WebClient;
  /**
   * Bounds the work done after `ack()` (lookups, lists, renders) running at once, so a burst of
   * commands queues its database work instead of starving the event loop: new requests are
   * still acknowledged within Slack's 3 seconds.
   */
  work: WorkQueue;
}
