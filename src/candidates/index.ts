/**
 * Candidate use cases the Slack app, the CLI and the digest call. Each takes the database as
 * its first argument and validates its input; failures a user can cause are `AppError`s.
 */

export { normalizeName, normalizeRole } from "../shared/normalize.js";
export { answerReason, interviewReason } from "../shared/reason.js";
export { auditActions, type RecordAuditInput, recordAudit } from "./audit.js";
export { type ForgetInput, type ForgetOutcome, forgetCandidate } from "./forget.js";
export { type ListInput, listCandidates } from "./list.js";
export { CLEAR_LEAD, type LookupInput, lookupCandidate, MATCH_SIMILARITY } from "./lookup.js";
export { type OverrideInput, overrideTier } from "./override.js";
export { purgeExpiredRawText, type RetentionJobOptions, startRetentionJob } from "./retention.js";
export { getCandidateSummary } from "./summary.js";
export type * from "./types.js";
