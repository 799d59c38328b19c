/** Repositories: plain functions over a `db` (or transaction) passed in; no connection of their own. */
export * as auditRepo from "./audit.js";
export * as candidatesRepo from "./candidates.js";
export * as interviewsRepo from "./interviews.js";
export * as overridesRepo from "./overrides.js";
export * as transcriptsRepo from "./transcripts.js";
