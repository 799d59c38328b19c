import type { WebClient } from "@slack/web-api";
import { toSlackAppError } from "../slack-outbound.js";

/**
 * A person's time zone as their Slack profile has it (users.info `tz`, an IANA name; needs
 * `users:read`). Undefined when the profile has none; a failed call is a SLACK_API error, so
 * the person is told to try again rather than silently given another zone.
 */
export async function slackUserTimezone(
  client: WebClient,
  userId: string,
): Promise<string | undefined> {
  const response = await client.users.info({ user: userId }).catch((error: unknown) => {
    throw toSlackAppError(
      error,
      "I could not read your time zone from Slack just now; please try again.",
    );
  });
  const tz = response.user?.tz;
  return typeof tz === "string" && tz.length > 0 ? tz : undefined;
}
