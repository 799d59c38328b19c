ALTER TABLE "digest_deliveries" ADD COLUMN "chart_state" text;--> statement-breakpoint
CREATE INDEX "digest_deliveries_claimed_idx" ON "digest_deliveries" USING btree ("claim_expires_at") WHERE "digest_deliveries"."status" = 'claimed';--> statement-breakpoint
CREATE INDEX "digest_deliveries_chart_retry_idx" ON "digest_deliveries" USING btree ("posted_at") WHERE "digest_deliveries"."chart_state" = 'retry';--> statement-breakpoint
ALTER TABLE "workspaces" DROP COLUMN "timezone";