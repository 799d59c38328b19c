import type { WebClient } from "@slack/web-api";
import { renderAppHome } from "../../blocks/app-home.js";
import type { SlackDeps } from "../../deps.js";
import { loadHome } from "../../home-data.js";

/** Builds and publishes one person's Home tab. */
export async function publishHome(
  deps: SlackDeps,
  client: WebClient,
  teamId: string,
  userId: string,
): Promise<void> {
  const home = await loadHome(deps, client, teamId, userId);
  await client.views.publish({ user_id: userId, view: renderAppHome(home) });
}
