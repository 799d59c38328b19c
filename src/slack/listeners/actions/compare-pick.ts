import type { App } from "@slack/bolt";
import { z } from "zod";
import { COMPARE_MAX, COMPARE_MIN } from "../../../candidates/compare.js";
import { actionIds, actionPattern } from "../../action-ids.js";
import { compareForViewer } from "../../compare-views.js";
import type { SlackDeps } from "../../deps.js";
import { viewerOf } from "./action-payload.js";

/** What a Choose button carries: every name of the request and the ids picked so far. */
const pickSchema = z
  .object({
    q: z.array(z.string().min(1).max(200)).min(COMPARE_MIN).max(COMPARE_MAX),
    ids: z.array(z.uuid().nullable()),
  })
  .refine((v) => v.ids.length === v.q.length, { message: "one id slot per name" });

/**
 * "Choose" on an ambiguous compare name: re-runs the comparison with that name pinned to the
 * chosen candidate (access checked again) and replaces the choice list with the answer.
 */
export function registerComparePick(app: App, deps: SlackDeps): void {
  app.action(actionPattern(actionIds.comparePick), async ({ ack, body, respond, client }) => {
    await ack();
    await deps.work(async () => {
      const { viewer, value } = viewerOf(body);
      const pick = pickSchema.parse(JSON.parse(value));
      const message = await compareForViewer(
        deps,
        client,
        viewer,
        pick.q.map((query, i) => ({ query, id: pick.ids[i] ?? null })),
      );
      await respond({
        response_type: "ephemeral",
        replace_original: true,
        text: message.text,
        blocks: message.blocks,
      });
    });
  });
}
