import { getConfig } from "./config.js";
import { toAppError } from "./errors.js";
import { slackModeFrom } from "./slack/credentials.js";

/**
 * `npm start`: validates config, then builds and starts the Slack app.
 * (The Slack issue fills in the Bolt app; this entry stays thin.)
 */
async function main(): Promise<void> {
  const config = getConfig();
  slackModeFrom(config);
}

main().catch((error: unknown) => {
  const appError = toAppError(error);
  process.stderr.write(`error: ${appError.userMessage}\n`);
  process.exitCode = 1;
});
