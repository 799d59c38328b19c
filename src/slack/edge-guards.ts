import type { AllMiddlewareArgs, AnyMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import { escapeMrkdwn, section } from "../format.js";
import type { Logger } from "../logger.js";
import { renderUsage } from "./blocks/candidate-summary.js";
import { type RateLimit, RateLimiter } from "./rate-limit.js";
import { runAsOwner, workOwner } from "./work-queue.js";

/**
 * HTTP request bodies above this are refused with 413 before they are read or parsed. Slack's
 * own payloads are far smaller (a slash command is at most a few KB, a modal submission some
 * tens of KB), so anything near 1 MB is not Slack.
 */
export const MAX_REQUEST_BYTES = 1024 * 1024;

/**
 * Longest slash-command text read as a command. The longest real one is an override: a name, a
 * tier and a reason of at most 500 characters (OVERRIDE_REASON_MAX). Longer text is a paste
 * gone wrong, answered with the usage help instead of being looked up as a name.
 */
export const COMMAND_TEXT_MAX = 1_000;

type Args = AnyMiddlewareArgs & AllMiddlewareArgs;

function isCommand(args: Args): args is SlackCommandMiddlewareArgs & AllMiddlewareArgs {
  return "command" in args && args.command !== undefined && typeof args.ack === "function";
}

function rateLimitedText(retryAfterSeconds: number): string {
  const wait = retryAfterSeconds === 1 ? "a second" : `${retryAfterSeconds} seconds`;
  return `You're sending commands faster than I can answer them; please wait ${wait} and try again.`;
}

/**
 * Global middleware run before every listener: refuses over-long and over-frequent slash
 * commands right in their ack (so nothing is queued for them), and marks the rest of the
 * request's handling as work for its requester, which the work queue takes turns between.
 */
export function edgeGuards(options: { logger: Logger; commandRateLimit?: RateLimit }) {
  const limiter = new RateLimiter(options.commandRateLimit);
  const log = options.logger.child({ component: "edge" });
  return async (args: Args): Promise<void> => {
    const key = workOwner(args.body);
    if (isCommand(args)) {
      const { command, ack } = args;
      if (command.text.length > COMMAND_TEXT_MAX) {
        const usage = renderUsage(command.command);
        const note = `That was ${command.text.length.toLocaleString("en-US")} characters; ${command.command} takes a name or one of the commands below.`;
        log.info({ length: command.text.length }, "command text too long");
        await ack({
          response_type: "ephemeral",
          text: `${note} ${usage.text}`,
          blocks: [section(escapeMrkdwn(note)), ...usage.blocks],
        });
        return;
      }
      const decision = limiter.take(key ?? "-");
      if (!decision.allowed) {
        log.info({ retryAfterSeconds: decision.retryAfterSeconds }, "command rate-limited");
        await ack({
          response_type: "ephemeral",
          text: rateLimitedText(decision.retryAfterSeconds),
        });
        return;
      }
    }
    if (key) await runAsOwner(key, () => args.next());
    else await args.next();
  };
}
