/**
 * Block Kit action ids shared by the renderers (which put buttons in messages) and the action
 * listeners (which handle the clicks). Listeners match by prefix, because Slack wants ids unique
 * within a block and a message may hold several "Details" buttons (suffixed `:<n>`).
 */
export const actionIds = {
  details: "candidate_details",
  share: "candidate_share",
  listPage: "candidate_list_page",
  overrideConfirm: "candidate_override_confirm",
  forgetConfirm: "candidate_forget_confirm",
  /** A candidate picked from the list an ambiguous `override` / `forget` name gets. */
  overridePick: "candidate_override_pick",
  forgetPick: "candidate_forget_pick",
  adminCancel: "candidate_admin_cancel",
  /** A candidate picked for an ambiguous name in `/candidate compare`. */
  comparePick: "candidate_compare_pick",
  /** The card's admin buttons (and an ambiguous `override <name>`'s picks): open a modal. */
  overrideOpen: "candidate_override_open",
  forgetOpen: "candidate_forget_open",
} as const;

export type ActionId = (typeof actionIds)[keyof typeof actionIds];

/** `candidate_details` matches `candidate_details` and `candidate_details:3`. */
export function actionPattern(id: ActionId): RegExp {
  return new RegExp(`^${id}(?::\\d+)?$`);
}
