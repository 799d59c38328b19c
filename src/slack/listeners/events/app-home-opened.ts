import type { App } from "@slack/bolt";
import { z } from "zod";
import type { SlackDeps } from "../../deps.js";
import { publishHome } from "../views/app-home.js";

const appHomeOpenedSchema = z.looseObject({
  type: z.literal("app_home_opened"),
  user: z.string().min(1),
  tab: z.string().optional(),
});

/** Opening the Home tab refreshes it for that person (the Messages tab needs nothing). */
export function registerAppHomeOpened(app: App, deps: SlackDeps): void {
  app.event("app_home_opened", async ({ event, body, client }) => {
    const parsed = appHomeOpenedSchema.safeParse(event);
    if (!parsed.success || (parsed.data.tab && parsed.data.tab !== "home")) return;
    const teamId = z
      .string()
      .min(1)
      .parse((body as { team_id?: unknown }).team_id);
    await publishHome(deps, client, teamId, parsed.data.user);
  });
}
