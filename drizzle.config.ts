import { defineConfig } from "drizzle-kit";

// Migrations are generated from src/db/schema.ts and committed; they run at start-up.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/db/schema.ts",
  out: "./drizzle",
  strict: true,
});
