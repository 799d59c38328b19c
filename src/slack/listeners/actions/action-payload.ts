import { z } from "zod";
import type { Viewer } from "../../candidate-views.js";

/** The parts of a `block_actions` payload the button handlers use. */
export const blockActionSchema = z.looseObject({
  user: z.looseObject({ id: z.string().min(1), team_id: z.string().optional() }),
  team: z
    .looseObject({ id: z.string().min(1), domain: z.string().optional() })
    .nullable()
    .optional(),
  channel: z.looseObject({ id: z.string().min(1) }).optional(),
  container: z.looseObject({ channel_id: z.string().optional() }).optional(),
  actions: z.array(z.looseObject({ action_id: z.string(), value: z.string().optional() })).min(1),
});
export type BlockActionPayload = z.infer<typeof blockActionSchema>;

export function viewerOf(body: unknown): { viewer: Viewer; value: string } {
  const payload = blockActionSchema.parse(body);
  const teamId = payload.team?.id ?? payload.user.team_id;
  if (!teamId) throw new Error("block action without a team");
  return {
    viewer: {
      teamId,
      userId: payload.user.id,
      channelId: payload.channel?.id ?? payload.container?.channel_id,
      teamDomain: payload.team?.domain,
    },
    value: payload.actions[0]?.value ?? "",
  };
}
