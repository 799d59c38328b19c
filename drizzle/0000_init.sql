CREATE TYPE "public"."delivery_status" AS ENUM('claimed', 'posted', 'failed');--> statement-breakpoint
CREATE TYPE "public"."tier" AS ENUM('weak', 'average', 'strong', 'exceptional');--> statement-breakpoint
CREATE TYPE "public"."transcript_status" AS ENUM('received', 'processing', 'done', 'failed');--> statement-breakpoint
CREATE TABLE "answers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"team_id" text NOT NULL,
	"interview_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"n" integer NOT NULL,
	"question" text NOT NULL,
	"answer" text NOT NULL,
	"source_relevance" real,
	"struggled" boolean DEFAULT false NOT NULL,
	"score" real NOT NULL,
	"parts" jsonb NOT NULL,
	"reasons" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"team_id" text NOT NULL,
	"actor_id" text NOT NULL,
	"action" text NOT NULL,
	"candidate_id" uuid,
	"channel_id" text,
	"details" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "candidate_channels" (
	"candidate_id" uuid NOT NULL,
	"team_id" text NOT NULL,
	"channel_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "candidate_channels_candidate_id_channel_id_pk" PRIMARY KEY("candidate_id","channel_id")
);
--> statement-breakpoint
CREATE TABLE "candidates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"team_id" text NOT NULL,
	"display_name" text NOT NULL,
	"normalized_name" text NOT NULL,
	"role_key" text DEFAULT '' NOT NULL,
	"roles" text[] DEFAULT '{}'::text[] NOT NULL,
	"latest_interview_id" uuid,
	"latest_score" real,
	"latest_tier" "tier",
	"effective_tier" "tier",
	"last_interviewed_at" timestamp with time zone,
	"interview_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "candidates_normalized_name_ck" CHECK ("candidates"."normalized_name" <> '')
);
--> statement-breakpoint
CREATE TABLE "digest_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subscription_id" uuid NOT NULL,
	"period_key" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"period_start" timestamp with time zone NOT NULL,
	"period_end" timestamp with time zone NOT NULL,
	"status" "delivery_status" DEFAULT 'claimed' NOT NULL,
	"claimed_by" text,
	"claim_expires_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"late" boolean DEFAULT false NOT NULL,
	"message_ts" text,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"posted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "digest_subscriptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"team_id" text NOT NULL,
	"channel_id" text NOT NULL,
	"weekday" integer DEFAULT 1 NOT NULL,
	"time_of_day" text DEFAULT '09:00' NOT NULL,
	"timezone" text NOT NULL,
	"role_filter" text,
	"min_tier" "tier",
	"scope" text DEFAULT 'channel' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"active_since" timestamp with time zone DEFAULT now() NOT NULL,
	"disabled_reason" text,
	"disabled_at" timestamp with time zone,
	"created_by" text NOT NULL,
	"updated_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "digest_subscriptions_weekday_ck" CHECK ("digest_subscriptions"."weekday" between 0 and 6)
);
--> statement-breakpoint
CREATE TABLE "interviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"team_id" text NOT NULL,
	"candidate_id" uuid NOT NULL,
	"transcript_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"role" text,
	"source_tier" "tier",
	"source_mean_relevance" real,
	"score" real NOT NULL,
	"tier" "tier" NOT NULL,
	"confidence" real NOT NULL,
	"scorer_version" text NOT NULL,
	"strengths" jsonb NOT NULL,
	"concerns" jsonb NOT NULL,
	"flags" jsonb NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"interviewed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ingested_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "score_overrides" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"team_id" text NOT NULL,
	"candidate_id" uuid NOT NULL,
	"tier" "tier" NOT NULL,
	"reason" text NOT NULL,
	"set_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "transcripts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"team_id" text NOT NULL,
	"source_kind" text NOT NULL,
	"slack_file_id" text,
	"channel_id" text,
	"message_ts" text,
	"thread_ts" text,
	"uploader_id" text,
	"file_name" text,
	"source_path" text,
	"content_hash" text,
	"size_bytes" integer,
	"format" text,
	"raw_text" text,
	"raw_purged_at" timestamp with time zone,
	"status" "transcript_status" DEFAULT 'received' NOT NULL,
	"error_code" text,
	"error_message" text,
	"duplicate_of" uuid,
	"attempts" integer DEFAULT 0 NOT NULL,
	"claimed_by" text,
	"claim_expires_at" timestamp with time zone,
	"reply_ts" text,
	"reply_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "workspaces" (
	"team_id" text PRIMARY KEY NOT NULL,
	"name" text,
	"timezone" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "answers" ADD CONSTRAINT "answers_interview_id_interviews_id_fk" FOREIGN KEY ("interview_id") REFERENCES "public"."interviews"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "candidate_channels" ADD CONSTRAINT "candidate_channels_candidate_id_candidates_id_fk" FOREIGN KEY ("candidate_id") REFERENCES "public"."candidates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "digest_deliveries" ADD CONSTRAINT "digest_deliveries_subscription_id_digest_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."digest_subscriptions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interviews" ADD CONSTRAINT "interviews_candidate_id_candidates_id_fk" FOREIGN KEY ("candidate_id") REFERENCES "public"."candidates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interviews" ADD CONSTRAINT "interviews_transcript_id_transcripts_id_fk" FOREIGN KEY ("transcript_id") REFERENCES "public"."transcripts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_overrides" ADD CONSTRAINT "score_overrides_candidate_id_candidates_id_fk" FOREIGN KEY ("candidate_id") REFERENCES "public"."candidates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "answers_interview_position_uq" ON "answers" USING btree ("interview_id","position");--> statement-breakpoint
CREATE INDEX "audit_log_team_time_idx" ON "audit_log" USING btree ("team_id","created_at");--> statement-breakpoint
CREATE INDEX "audit_log_candidate_idx" ON "audit_log" USING btree ("candidate_id");--> statement-breakpoint
CREATE INDEX "candidate_channels_team_channel_idx" ON "candidate_channels" USING btree ("team_id","channel_id","candidate_id");--> statement-breakpoint
CREATE UNIQUE INDEX "candidates_identity_uq" ON "candidates" USING btree ("team_id","normalized_name","role_key");--> statement-breakpoint
CREATE INDEX "candidates_name_trgm_idx" ON "candidates" USING gin ("normalized_name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "candidates_role_trgm_idx" ON "candidates" USING gin ("role_key" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "candidates_team_score_idx" ON "candidates" USING btree ("team_id","latest_score" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "candidates_team_tier_score_idx" ON "candidates" USING btree ("team_id","effective_tier","latest_score" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE UNIQUE INDEX "digest_deliveries_period_uq" ON "digest_deliveries" USING btree ("subscription_id","period_key");--> statement-breakpoint
CREATE INDEX "digest_deliveries_subscription_due_idx" ON "digest_deliveries" USING btree ("subscription_id","due_at");--> statement-breakpoint
CREATE UNIQUE INDEX "digest_subscriptions_channel_uq" ON "digest_subscriptions" USING btree ("team_id","channel_id");--> statement-breakpoint
CREATE INDEX "digest_subscriptions_active_idx" ON "digest_subscriptions" USING btree ("active") WHERE "digest_subscriptions"."active";--> statement-breakpoint
CREATE UNIQUE INDEX "interviews_transcript_position_uq" ON "interviews" USING btree ("transcript_id","position");--> statement-breakpoint
CREATE INDEX "interviews_candidate_idx" ON "interviews" USING btree ("candidate_id","interviewed_at");--> statement-breakpoint
CREATE INDEX "interviews_team_time_idx" ON "interviews" USING btree ("team_id","interviewed_at");--> statement-breakpoint
CREATE INDEX "interviews_team_score_idx" ON "interviews" USING btree ("team_id","score");--> statement-breakpoint
CREATE INDEX "score_overrides_candidate_idx" ON "score_overrides" USING btree ("candidate_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "transcripts_team_slack_file_uq" ON "transcripts" USING btree ("team_id","slack_file_id") WHERE "transcripts"."slack_file_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "transcripts_team_hash_uq" ON "transcripts" USING btree ("team_id","content_hash") WHERE "transcripts"."status" = 'done' and "transcripts"."duplicate_of" is null;--> statement-breakpoint
CREATE INDEX "transcripts_team_created_idx" ON "transcripts" USING btree ("team_id","created_at");--> statement-breakpoint
CREATE INDEX "transcripts_pending_idx" ON "transcripts" USING btree ("status","claim_expires_at") WHERE "transcripts"."status" in ('received', 'processing');--> statement-breakpoint
CREATE INDEX "transcripts_retention_idx" ON "transcripts" USING btree ("created_at") WHERE "transcripts"."raw_text" is not null;--> statement-breakpoint
CREATE INDEX "transcripts_duplicate_of_idx" ON "transcripts" USING btree ("duplicate_of");--> statement-breakpoint
CREATE INDEX "transcripts_team_channel_idx" ON "transcripts" USING btree ("team_id","channel_id");--> statement-breakpoint
CREATE INDEX "transcripts_team_hash_idx" ON "transcripts" USING btree ("team_id","content_hash");--> statement-breakpoint
CREATE INDEX "transcripts_unanswered_idx" ON "transcripts" USING btree ("created_at") WHERE "transcripts"."source_kind" = 'slack' and "transcripts"."reply_ts" is null and "transcripts"."reply_error" is null;