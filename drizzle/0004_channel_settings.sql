CREATE TABLE "channel_settings" (
	"team_id" text NOT NULL,
	"channel_id" text NOT NULL,
	"public_replies" boolean DEFAULT false NOT NULL,
	"updated_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "channel_settings_team_id_channel_id_pk" PRIMARY KEY("team_id","channel_id")
);
