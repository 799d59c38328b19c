import { describe, expect, it } from "vitest";
import { llmSettings, loadConfig } from "../src/config.js";
import { AppError } from "../src/errors.js";

describe("loadConfig", () => {
  it("defaults to the embedded database and sensible values", () => {
    const config = loadConfig({});
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.DATA_DIR).toBe("./data");
    expect(config.PORT).toBe(3000);
    expect(config.MAX_FILE_BYTES).toBe(10 * 1024 * 1024);
    expect(config.HIRING_ADMINS).toEqual([]);
  });

  it("treats empty strings as unset, as in a copied .env.example", () => {
    const config = loadConfig({ DATABASE_URL: "", SLACK_BOT_TOKEN: " ", PORT: "" });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.SLACK_BOT_TOKEN).toBeUndefined();
    expect(config.PORT).toBe(3000);
  });

  it("parses admins as a list of user ids", () => {
    expect(loadConfig({ HIRING_ADMINS: "U1, U2,,U3" }).HIRING_ADMINS).toEqual(["U1", "U2", "U3"]);
  });

  it("explains every bad value in one sentence naming the variable", () => {
    let error: unknown;
    try {
      loadConfig({ DATABASE_URL: "mysql://x", PORT: "abc", SLACK_BOT_TOKEN: "xoxp-1" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    const message = (error as AppError).userMessage;
    expect((error as AppError).code).toBe("CONFIG_INVALID");
    expect(message).toMatch(/DATABASE_URL must be a postgres/);
    expect(message).toMatch(/PORT/);
    expect(message).toMatch(/SLACK_BOT_TOKEN must be a bot token/);
    expect(message.split("\n")).toHaveLength(1);
  });

  it("rejects an unknown time zone", () => {
    expect(() => loadConfig({ TZ: "Mars/Olympus" })).toThrow(/TZ "Mars\/Olympus"/);
  });

  it("is off by default and redacts names by default", () => {
    const config = loadConfig({});
    expect(config.SCORER).toBe("offline");
    expect(config.LLM_REDACT_NAMES).toBe(true);
    expect(llmSettings(config, "offline")).toBeUndefined();
  });

  it("stops with one sentence naming the missing variable", () => {
    const missingUrl = () => loadConfig({ SCORER: "llm", LLM_MODEL: "m" });
    expect(missingUrl).toThrow(AppError);
    expect(missingUrl).toThrow(/^LLM_BASE_URL must be set when the scorer is llm/);
    expect(() =>
      loadConfig({ SCORER: "blend", LLM_BASE_URL: "http://localhost:11434/v1" }),
    ).toThrow(/^LLM_MODEL must be set when the scorer is blend/);
    expect(() => loadConfig({ SCORER: "gpt" })).toThrow(/SCORER must be offline, llm or blend/);
    expect(() => loadConfig({ LLM_REDACT_NAMES: "maybe" })).toThrow(
      /LLM_REDACT_NAMES must be true or false/,
    );
  });

  it("takes the number of scoring threads, 0 meaning the main thread", () => {
    expect(loadConfig({}).SCORING_THREADS).toBeGreaterThanOrEqual(1);
    expect(loadConfig({ SCORING_THREADS: "0" }).SCORING_THREADS).toBe(0);
    expect(loadConfig({ SCORING_THREADS: "3" }).SCORING_THREADS).toBe(3);
    expect(() => loadConfig({ SCORING_THREADS: "-1" })).toThrow(
      /SCORING_THREADS must be 0 \(score on the main thread\) or more/,
    );
    expect(() => loadConfig({ SCORING_THREADS: "99" })).toThrow(
      /SCORING_THREADS must be at most 16/,
    );
  });
});
