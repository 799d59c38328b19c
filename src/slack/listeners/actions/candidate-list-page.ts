import type { App } from "@slack/bolt";
import { z } from "zod";
import { tierSchema } from "../../../transcript/model.js";
import { actionIds, actionPattern } from "../../action-ids.js";
import { listForViewer } from "../../candidate-views.js";
import type { SlackDeps } from "../../deps.js";
import { viewerOf } from "./action-payload.js";

const pageSchema = z.object({
  r: z.string().max(200).nullable(),
  t: tierSchema.nullable(),
  o: z.number().int().min(0),
});

/** Previous/Next on `/candidate list`: re-runs the list (access re-checked) and replaces it. */
export function registerCandidateListPage(app: App, deps: SlackDeps): void {
  app.action(actionPattern(actionIds.listPage), async ({ ack, body, respond, client }) => {
    await ack();
    await deps.work(async () => {
      const { viewer, value } = viewerOf(body);
      const page = pageSchema.parse(JSON.parse(value));
      const message = await listForViewer(deps, client, viewer, {
        role: page.r ?? undefined,
        tier: page.t ?? undefined,
        offset: page.o,
      });
      await respond({ replace_original: true, text: message.text, blocks: message.blocks });
    });
  });
}
