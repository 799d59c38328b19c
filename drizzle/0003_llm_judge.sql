CREATE TABLE "llm_verdicts" (
	"key_hash" text NOT NULL,
	"model" text NOT NULL,
	"prompt_version" text NOT NULL,
	"verdict" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "llm_verdicts_key_hash_model_prompt_version_pk" PRIMARY KEY("key_hash","model","prompt_version")
);
--> statement-breakpoint
ALTER TABLE "answers" ADD COLUMN "offline_score" real;--> statement-breakpoint
ALTER TABLE "answers" ADD COLUMN "verdict" jsonb;--> statement-breakpoint
ALTER TABLE "answers" ADD COLUMN "verdict_key" text;--> statement-breakpoint
ALTER TABLE "interviews" ADD COLUMN "scorer_kind" text DEFAULT 'offline' NOT NULL;--> statement-breakpoint
ALTER TABLE "interviews" ADD COLUMN "offline_score" real;--> statement-breakpoint
ALTER TABLE "interviews" ADD COLUMN "llm_model" text;--> statement-breakpoint
ALTER TABLE "interviews" ADD COLUMN "llm_prompt_version" text;--> statement-breakpoint
ALTER TABLE "interviews" ADD COLUMN "llm_prompt_tokens" integer;--> statement-breakpoint
ALTER TABLE "interviews" ADD COLUMN "llm_completion_tokens" integer;--> statement-breakpoint
ALTER TABLE "interviews" ADD COLUMN "llm_latency_ms" integer;--> statement-breakpoint
ALTER TABLE "interviews" ADD COLUMN "llm_requests" integer;--> statement-breakpoint
ALTER TABLE "interviews" ADD COLUMN "llm_cached_answers" integer;--> statement-breakpoint
ALTER TABLE "interviews" ADD COLUMN "llm_dropped_quotes" integer;--> statement-breakpoint
ALTER TABLE "interviews" ADD COLUMN "llm_fallback" text;