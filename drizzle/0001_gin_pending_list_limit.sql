DROP INDEX "candidates_name_trgm_idx";--> statement-breakpoint
DROP INDEX "candidates_role_trgm_idx";--> statement-breakpoint
CREATE INDEX "candidates_name_trgm_idx" ON "candidates" USING gin ("normalized_name" gin_trgm_ops) WITH (gin_pending_list_limit=64);--> statement-breakpoint
CREATE INDEX "candidates_role_trgm_idx" ON "candidates" USING gin ("role_key" gin_trgm_ops) WITH (gin_pending_list_limit=64);