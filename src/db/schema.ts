import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import type { StoredVerdict } from "../llm/verdict.js";
import type { AnswerParts, InterviewFlag } from "../scoring/model.js";

/**
 * One schema for PGlite and Postgres. Every row carries the Slack `team_id` so a deployment
 * can serve several workspaces without leaking data between them; the CLI acts in `--team`, or
 * the only workspace in the database, or the local workspace `LOCAL_TEAM_ID` (src/cli/team.ts).
 */
export const LOCAL_TEAM_ID = "T_LOCAL";

export const tierEnum = pgEnum("tier", ["weak", "average", "strong", "exceptional"]);
export const transcriptStatusEnum = pgEnum("transcript_status", [
  "received",
  "processing",
  "done",
  "failed",
]);
export const deliveryStatusEnum = pgEnum("delivery_status", ["claimed", "posted", "failed"]);

const timestamps = {
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
};

/**
 * Workspaces the app knows by id and name. There is no workspace time zone: Slack has none to
 * give, and a digest's default zone is its subscriber's own (users.info `tz`), else `TZ`.
 */
export const workspaces = pgTable("workspaces", {
  teamId: text("team_id").primaryKey(),
  name: text("name"),
  ...timestamps,
});
export type Workspace = typeof workspaces.$inferSelect;

/**
 * A transcript file as received (from Slack or the CLI). It doubles as the durable job record
 * for uploads: the row exists (status `received`) before any work starts, so a crash mid-way
 * leaves something to pick up again. `claimedBy`/`claimExpiresAt` let one replica work on it.
 */
export const transcripts = pgTable(
  "transcripts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    teamId: text("team_id").notNull(),
    sourceKind: text("source_kind", { enum: ["slack", "cli"] }).notNull(),
    slackFileId: text("slack_file_id"),
    channelId: text("channel_id"),
    /** Timestamp of the message that shared the file: replies go in its thread. */
    messageTs: text("message_ts"),
    threadTs: text("thread_ts"),
    uploaderId: text("uploader_id"),
    fileName: text("file_name"),
    sourcePath: text("source_path"),
    contentHash: text("content_hash"),
    sizeBytes: integer("size_bytes"),
    format: text("format"),
    /** Raw text, removed by the retention job (`rawPurgedAt` says when). */
    rawText: text("raw_text"),
    rawPurgedAt: timestamp("raw_purged_at", { withTimezone: true }),
    status: transcriptStatusEnum("status").notNull().default("received"),
    errorCode: text("error_code"),
    errorMessage: text("error_message"),
    /** Set when these bytes were already imported in this workspace under another row. */
    duplicateOf: uuid("duplicate_of"),
    attempts: integer("attempts").notNull().default(0),
    claimedBy: text("claimed_by"),
    claimExpiresAt: timestamp("claim_expires_at", { withTimezone: true }),
    replyTs: text("reply_ts"),
    replyError: text("reply_error"),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("transcripts_team_slack_file_uq")
      .on(t.teamId, t.slackFileId)
      .where(sql`${t.slackFileId} is not null`),
    uniqueIndex("transcripts_team_hash_uq")
      .on(t.teamId, t.contentHash)
      .where(sql`${t.status} = 'done' and ${t.duplicateOf} is null`),
    index("transcripts_team_created_idx").on(t.teamId, t.createdAt),
    index("transcripts_pending_idx")
      .on(t.status, t.claimExpiresAt)
      .where(sql`${t.status} in ('received', 'processing')`),
    index("transcripts_retention_idx").on(t.createdAt).where(sql`${t.rawText} is not null`),
    index("transcripts_duplicate_of_idx").on(t.duplicateOf),
    /** A channel's uploads: the digest's per-channel filter (one probe per digest). */
    index("transcripts_team_channel_idx").on(t.teamId, t.channelId),
    index("transcripts_team_hash_idx").on(t.teamId, t.contentHash),
    // The upload recovery sweep: Slack uploads not yet answered (no reply and no reply error).
    index("transcripts_unanswered_idx")
      .on(t.createdAt)
      .where(sql`${t.sourceKind} = 'slack' and ${t.replyTs} is null and ${t.replyError} is null`),
  ],
);
export type Transcript = typeof transcripts.$inferSelect;
export type NewTranscript = typeof transcripts.$inferInsert;

/**
 * A person. Identity is (workspace, normalised name, normalised role): the same person
 * interviewing twice for a role is one candidate with two interviews; two people with the
 * same name interviewing for different roles stay apart (the lookup offers both, by role).
 *
 * The `latest*` and `effectiveTier` columns are a denormalised copy of the latest interview and
 * override, maintained by ingest and override, so that lists and tier filters are one indexed
 * scan instead of a "latest row per group" join over every interview.
 */
export const candidates = pgTable(
  "candidates",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    teamId: text("team_id").notNull(),
    displayName: text("display_name").notNull(),
    /** Case, accents, titles (Dr., Prof.), punctuation and spaces folded: see `normalizeName`. */
    normalizedName: text("normalized_name").notNull(),
    /** The role folded like a name ("" when the transcript named none): part of identity. */
    roleKey: text("role_key").notNull().default(""),
    /** The role as written, each spelling once. */
    roles: text("roles").array().notNull().default(sql`'{}'::text[]`),
    latestInterviewId: uuid("latest_interview_id"),
    latestScore: real("latest_score"),
    /** The computed tier of the latest interview. */
    latestTier: tierEnum("latest_tier"),
    /** The latest override's tier when there is one, else `latestTier`: what lists filter on. */
    effectiveTier: tierEnum("effective_tier"),
    lastInterviewedAt: timestamp("last_interviewed_at", { withTimezone: true }),
    interviewCount: integer("interview_count").notNull().default(0),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("candidates_identity_uq").on(t.teamId, t.normalizedName, t.roleKey),
    // A 64 kB pending list (the minimum; the default is 4 MB): GIN appends new entries to a
    // list that every search scans sequentially, and at 4 MB that scan doubled p99 lookup time
    // at 100,000 names (24 ms vs 11 ms). Turning fastupdate off instead made inserts 3x slower.
    index("candidates_name_trgm_idx")
      .using("gin", t.normalizedName.op("gin_trgm_ops"))
      .with({ gin_pending_list_limit: 64 }),
    index("candidates_role_trgm_idx")
      .using("gin", t.roleKey.op("gin_trgm_ops"))
      .with({ gin_pending_list_limit: 64 }),
    index("candidates_team_score_idx").on(t.teamId, t.latestScore.desc().nullsLast(), t.id),
    index("candidates_team_tier_score_idx").on(
      t.teamId,
      t.effectiveTier,
      t.latestScore.desc().nullsLast(),
      t.id,
    ),
    check("candidates_normalized_name_ck", sql`${t.normalizedName} <> ''`),
  ],
);
export type CandidateRow = typeof candidates.$inferSelect;
export type NewCandidateRow = typeof candidates.$inferInsert;

/**
 * The channels a candidate's transcripts were shared in, including later uploads of the same
 * bytes elsewhere: the access-control list for lookups, shares and lists ("members of a channel
 * where that candidate's transcript was uploaded"). Kept as its own table so the check is one
 * primary-key probe rather than a join through interviews, transcripts and duplicates.
 */
export const candidateChannels = pgTable(
  "candidate_channels",
  {
    candidateId: uuid("candidate_id")
      .notNull()
      .references(() => candidates.id, { onDelete: "cascade" }),
    teamId: text("team_id").notNull(),
    channelId: text("channel_id").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.candidateId, t.channelId] }),
    index("candidate_channels_team_channel_idx").on(t.teamId, t.channelId, t.candidateId),
  ],
);
export type CandidateChannel = typeof candidateChannels.$inferSelect;

export const interviews = pgTable(
  "interviews",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    teamId: text("team_id").notNull(),
    candidateId: uuid("candidate_id")
      .notNull()
      .references(() => candidates.id, { onDelete: "cascade" }),
    transcriptId: uuid("transcript_id")
      .notNull()
      .references(() => transcripts.id, { onDelete: "cascade" }),
    /** Position of this candidate's block within the transcript (0-based). */
    position: integer("position").notNull(),
    role: text("role"),
    sourceTier: tierEnum("source_tier"),
    /** Mean of the source's Relevance Scores as printed (null when none were printed). */
    sourceMeanRelevance: real("source_mean_relevance"),
    score: real("score").notNull(),
    tier: tierEnum("tier").notNull(),
    confidence: real("confidence").notNull(),
    scorerVersion: text("scorer_version").notNull(),
    strengths: jsonb("strengths").$type<string[]>().notNull(),
    concerns: jsonb("concerns").$type<string[]>().notNull(),
    flags: jsonb("flags").$type<InterviewFlag[]>().notNull(),
    /** One line on why this tier, chosen at ingest (see `interviewReason`); shown in lists. */
    reason: text("reason").notNull().default(""),
    interviewedAt: timestamp("interviewed_at", { withTimezone: true }).notNull().defaultNow(),
    ingestedAt: timestamp("ingested_at", { withTimezone: true }).notNull().defaultNow(),
    /**
     * Who made `score`: `offline` (the offline scorer; also when the language model failed, and
     * `llmFallback` then says why), `llm` or `blend` (docs/llm.md). The `llm*` columns say
     * which model and prompt, and what the verdicts cost (zero tokens when all were cached).
     */
    scorerKind: text("scorer_kind", { enum: ["offline", "llm", "blend"] })
      .notNull()
      .default("offline"),
    /** The offline scorer's score, kept beside a language-model or blended `score`. */
    offlineScore: real("offline_score"),
    llmModel: text("llm_model"),
    llmPromptVersion: text("llm_prompt_version"),
    llmPromptTokens: integer("llm_prompt_tokens"),
    llmCompletionTokens: integer("llm_completion_tokens"),
    llmLatencyMs: integer("llm_latency_ms"),
    llmRequests: integer("llm_requests"),
    /** Answers served from the verdict cache instead of a request. */
    llmCachedAnswers: integer("llm_cached_answers"),
    /** Quotes the model gave that were not in the answer, dropped. */
    llmDroppedQuotes: integer("llm_dropped_quotes"),
    /** Why the offline score was stored although a language model was configured. */
    llmFallback: text("llm_fallback"),
  },
  (t) => [
    uniqueIndex("interviews_transcript_position_uq").on(t.transcriptId, t.position),
    index("interviews_candidate_idx").on(t.candidateId, t.interviewedAt),
    index("interviews_team_time_idx").on(t.teamId, t.interviewedAt),
    index("interviews_team_score_idx").on(t.teamId, t.score),
  ],
);
export type InterviewRow = typeof interviews.$inferSelect;
export type NewInterviewRow = typeof interviews.$inferInsert;

export const answers = pgTable(
  "answers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    teamId: text("team_id").notNull(),
    interviewId: uuid("interview_id")
      .notNull()
      .references(() => interviews.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    n: integer("n").notNull(),
    question: text("question").notNull(),
    answer: text("answer").notNull(),
    sourceRelevance: real("source_relevance"),
    struggled: boolean("struggled").notNull().default(false),
    score: real("score").notNull(),
    parts: jsonb("parts").$type<AnswerParts>().notNull(),
    reasons: jsonb("reasons").$type<string[]>().notNull(),
    /** The offline scorer's score when `score` came from the language model or a blend. */
    offlineScore: real("offline_score"),
    /** The language model's verdict (verified quotes only), when there is one. */
    verdict: jsonb("verdict").$type<StoredVerdict>(),
    /** The verdict cache key (`llm_verdicts.key_hash`), so erasing a candidate erases it too. */
    verdictKey: text("verdict_key"),
  },
  (t) => [uniqueIndex("answers_interview_position_uq").on(t.interviewId, t.position)],
);

/**
 * Verdicts already paid for, keyed by the hash of the text sent (question and answer, after
 * name redaction), the model and the prompt version: a re-ingest or a retried upload of the
 * same answer asks nothing twice. Written as soon as a reply arrives, outside the ingest
 * transaction, so a crash before the transcript is stored loses no verdict.
 */
export const llmVerdicts = pgTable(
  "llm_verdicts",
  {
    keyHash: text("key_hash").notNull(),
    model: text("model").notNull(),
    promptVersion: text("prompt_version").notNull(),
    verdict: jsonb("verdict").$type<StoredVerdict>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.keyHash, t.model, t.promptVersion] })],
);
export type LlmVerdictRow = typeof llmVerdicts.$inferSelect;
export type AnswerRow = typeof answers.$inferSelect;
export type NewAnswerRow = typeof answers.$inferInsert;

/** A person's hand-set tier for a candidate; the latest one applies, all are kept. */
export const scoreOverrides = pgTable(
  "score_overrides",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    teamId: text("team_id").notNull(),
    candidateId: uuid("candidate_id")
      .notNull()
      .references(() => candidates.id, { onDelete: "cascade" }),
    tier: tierEnum("tier").notNull(),
    reason: text("reason").notNull(),
    setBy: text("set_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("score_overrides_candidate_idx").on(t.candidateId, t.createdAt)],
);
export type ScoreOverride = typeof scoreOverrides.$inferSelect;

/**
 * Who looked up, shared, listed, overrode or deleted which candidate. `candidateId` has no
 * foreign key on purpose: the record of a deletion outlives the candidate. No candidate data
 * (names, answers) is written here.
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    teamId: text("team_id").notNull(),
    actorId: text("actor_id").notNull(),
    action: text("action", {
      enum: [
        "lookup",
        "share",
        "list",
        "override",
        "forget",
        "subscribe",
        "unsubscribe",
        "export",
        "channel_setting",
      ],
    }).notNull(),
    candidateId: uuid("candidate_id"),
    channelId: text("channel_id"),
    details: jsonb("details").$type<Record<string, unknown>>(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("audit_log_team_time_idx").on(t.teamId, t.createdAt),
    index("audit_log_candidate_idx").on(t.candidateId),
  ],
);
export type AuditEntry = typeof auditLog.$inferSelect;

/**
 * Per-channel settings an admin chose. `public_replies`: whether upload replies in this public
 * channel may list the candidates in the thread (off by default: the uploader gets the ranking
 * privately; see docs/slack.md). A channel without a row has the defaults.
 */
export const channelSettings = pgTable(
  "channel_settings",
  {
    teamId: text("team_id").notNull(),
    channelId: text("channel_id").notNull(),
    publicReplies: boolean("public_replies").notNull().default(false),
    updatedBy: text("updated_by").notNull(),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.teamId, t.channelId] })],
);
export type ChannelSettings = typeof channelSettings.$inferSelect;

export const digestSubscriptions = pgTable(
  "digest_subscriptions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    teamId: text("team_id").notNull(),
    channelId: text("channel_id").notNull(),
    /** 0 = Sunday … 6 = Saturday, in `timezone`. */
    weekday: integer("weekday").notNull().default(1),
    /** Local time of day, `HH:MM`. */
    timeOfDay: text("time_of_day").notNull().default("09:00"),
    timezone: text("timezone").notNull(),
    roleFilter: text("role_filter"),
    minTier: tierEnum("min_tier"),
    /** `workspace` (admins only) covers every channel's uploads, not just this channel's. */
    scope: text("scope", { enum: ["channel", "workspace"] })
      .notNull()
      .default("channel"),
    active: boolean("active").notNull().default(true),
    /**
     * When this schedule took effect (subscribe, re-subscribe or change). A scheduled time
     * before it is never "missed": subscribing on a Tuesday does not post Monday's digest late.
     */
    activeSince: timestamp("active_since", { withTimezone: true }).notNull().defaultNow(),
    disabledReason: text("disabled_reason"),
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
    createdBy: text("created_by").notNull(),
    updatedBy: text("updated_by").notNull(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("digest_subscriptions_channel_uq").on(t.teamId, t.channelId),
    index("digest_subscriptions_active_idx").on(t.active).where(sql`${t.active}`),
    check("digest_subscriptions_weekday_ck", sql`${t.weekday} between 0 and 6`),
  ],
);
export type DigestSubscription = typeof digestSubscriptions.$inferSelect;

/**
 * One row per (subscription, period): the unique key is what makes delivery exactly-once
 * across replicas. `periodKey` is the ISO week of the due time in the subscription's time zone
 * (`2026-W48`), so a channel gets at most one digest a week even when its schedule changes.
 * A claim that expires before `posted` is taken over by another tick.
 */
export const digestDeliveries = pgTable(
  "digest_deliveries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    subscriptionId: uuid("subscription_id")
      .notNull()
      .references(() => digestSubscriptions.id, { onDelete: "cascade" }),
    periodKey: text("period_key").notNull(),
    /** The scheduled time this digest was due. */
    dueAt: timestamp("due_at", { withTimezone: true }).notNull(),
    /** The activity window it reports: [periodStart, periodEnd). */
    periodStart: timestamp("period_start", { withTimezone: true }).notNull(),
    periodEnd: timestamp("period_end", { withTimezone: true }).notNull(),
    status: deliveryStatusEnum("status").notNull().default("claimed"),
    claimedBy: text("claimed_by"),
    claimExpiresAt: timestamp("claim_expires_at", { withTimezone: true }),
    attempts: integer("attempts").notNull().default(0),
    late: boolean("late").notNull().default(false),
    messageTs: text("message_ts"),
    error: text("error"),
    /**
     * The digest's chart, a best-effort follow-up in the digest's thread (src/digest/chart.ts):
     * null before the step ran (and for digests from before charts), `posted`, `skipped`
     * (nothing to chart), `retry` (the first upload failed: one more try on a later tick),
     * `retrying` (claimed by the tick making that try) or `failed` (the retry failed too).
     */
    chartState: text("chart_state", {
      enum: ["posted", "skipped", "retry", "retrying", "failed"],
    }),
    ...timestamps,
    postedAt: timestamp("posted_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("digest_deliveries_period_uq").on(t.subscriptionId, t.periodKey),
    index("digest_deliveries_subscription_due_idx").on(t.subscriptionId, t.dueAt),
    // The scheduler's recovery sweep (every few seconds): unposted claims by expiry.
    index("digest_deliveries_claimed_idx").on(t.claimExpiresAt).where(sql`${t.status} = 'claimed'`),
    // The chart retry sweep: the few posted digests whose chart is owed one more try.
    index("digest_deliveries_chart_retry_idx").on(t.postedAt).where(sql`${t.chartState} = 'retry'`),
  ],
);
export type DigestDelivery = typeof digestDeliveries.$inferSelect;
