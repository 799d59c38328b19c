import type { Config } from "../config.js";
import { AppError } from "../errors.js";

export type SlackMode =
  | { kind: "socket"; botToken: string; appToken: string; signingSecret: string | undefined }
  | { kind: "http"; botToken: string; signingSecret: string; port: number };

/**
 * Decides Socket Mode or HTTP from the config, or explains in one sentence which variables
 * are missing (the app cannot do anything useful without them).
 */
export function slackModeFrom(config: Config): SlackMode {
  const missing: string[] = [];
  if (!config.SLACK_BOT_TOKEN) missing.push("SLACK_BOT_TOKEN");
  if (config.SLACK_APP_TOKEN) {
    if (missing.length === 0 && config.SLACK_BOT_TOKEN) {
      return {
        kind: "socket",
        botToken: config.SLACK_BOT_TOKEN,
        appToken: config.SLACK_APP_TOKEN,
        signingSecret: config.SLACK_SIGNING_SECRET,
      };
    }
  } else if (!config.SLACK_SIGNING_SECRET) {
    missing.push("SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode)");
  }
  if (missing.length > 0 || !config.SLACK_BOT_TOKEN || !config.SLACK_SIGNING_SECRET) {
    throw new AppError(
      "CONFIG_INVALID",
      `Cannot start the Slack app: set ${missing.join(" and ")} in the environment or .env (see "Slack setup" in README.md); \`npm run demo\` and the CLI work without them.`,
    );
  }
  return {
    kind: "http",
    botToken: config.SLACK_BOT_TOKEN,
    signingSecret: config.SLACK_SIGNING_SECRET,
    port: config.PORT,
  };
}
