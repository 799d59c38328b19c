/**
 * The digest area's public surface: what the Slack app (commands, App Home, start-up) and the
 * CLI call. Everything else in src/digest is internal.
 */
export { buildDigest, type Digest, type DigestRow, type DigestScope } from "./build.js";
export {
  buildPreview,
  type DigestCommandDeps,
  type DigestCommandInput,
  type DigestCommandReply,
  digestUsage,
  handleDigestCommand,
  previewDigest,
} from "./command.js";
export { loadDigestRows } from "./query.js";
export { renderDigest, renderDigestText } from "./render.js";
export {
  type DigestScheduler,
  type DigestSchedulerDeps,
  digestClientOptions,
  startDigestScheduler,
  type TickResult,
} from "./scheduler.js";
export { listSubscriptions, type SubscriptionSummary } from "./subscriptions.js";
