import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: "forks",
    // CI shows every test name, so the log proves each database suite ran on both drivers.
    reporters: process.env.CI ? ["verbose"] : ["default"],
  },
});
