import type { App } from "@slack/bolt";
import type { SlackDeps } from "../deps.js";
import { registerAdminCancel } from "./actions/admin-cancel.js";
import { registerAdminModalOpen } from "./actions/admin-modal-open.js";
import { registerCandidateDetails } from "./actions/candidate-details.js";
import { registerCandidateListPage } from "./actions/candidate-list-page.js";
import { registerCandidateShare } from "./actions/candidate-share.js";
import { registerComparePick } from "./actions/compare-pick.js";
import { registerForgetConfirm } from "./actions/forget-confirm.js";
import { registerForgetPick } from "./actions/forget-pick.js";
import { registerOverrideConfirm } from "./actions/override-confirm.js";
import { registerOverridePick } from "./actions/override-pick.js";
import { registerCandidateCommand } from "./commands/candidate.js";
import { registerAppHomeOpened } from "./events/app-home-opened.js";
import { registerFileShareMessage } from "./events/file-share-message.js";
import { registerFileShared } from "./events/file-shared.js";
import { registerPastedText } from "./events/pasted-text.js";
import { registerAdminModalSubmit } from "./views/admin-modal-submit.js";

export function registerListeners(app: App, deps: SlackDeps): void {
  registerFileShareMessage(app, deps);
  registerFileShared(app, deps);
  registerPastedText(app, deps);
  registerAppHomeOpened(app, deps);
  registerCandidateCommand(app, deps);
  registerCandidateDetails(app, deps);
  registerCandidateShare(app, deps);
  registerCandidateListPage(app, deps);
  registerOverridePick(app, deps);
  registerForgetPick(app, deps);
  registerOverrideConfirm(app, deps);
  registerForgetConfirm(app, deps);
  registerAdminCancel(app);
  registerComparePick(app, deps);
  registerAdminModalOpen(app, deps);
  registerAdminModalSubmit(app, deps);
}
