import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendEvent, slackFixture } from "../helpers/slack-requests.js";
import { type SlackStandIn, startSlackStandIn } from "../helpers/slack-stand-in.js";
import { BOT_TOKEN, SIGNING_SECRET } from "./harness.js";

/** `npm start` itself (src/app.ts) in HTTP mode: it listens, answers Slack, stops on SIGTERM. */
describe("npm start in HTTP mode", () => {
  let slack: SlackStandIn;
  beforeAll(async () => {
    slack = await startSlackStandIn();
  });
  afterAll(() => slack?.close());

  it("serves /healthz and Slack's URL verification, and exits cleanly on SIGTERM", {
    timeout: 120_000,
  }, async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/app.ts"], {
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "",
        DATA_DIR: "memory://",
        PORT: "0",
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: slack.url,
        LOG_LEVEL: "info",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    const port = await new Promise<number>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        const match = out.match(/"msg":"listening on port (\d+)"/);
        if (match) resolve(Number(match[1]));
      });
      void exited.then((code) => reject(new Error(`exited early (${code})`)));
    });
    const url = `http://127.0.0.1:${port}`;
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);

    const verification = slackFixture("events/url_verification.json");
    const res = await sendEvent(url, SIGNING_SECRET, verification);
    expect(res.status).toBe(200);
    expect(res.text).toContain(String(verification.challenge));

    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});

describe("createSlackApp start-up", () => {
  it("refuses a token Slack does not accept, in one sentence", async () => {
    const { loadConfig } = await import("../../src/config.js");
    const { createLogger } = await import("../../src/logger.js");
    const { createSlackApp } = await import("../../src/slack/create-app.js");
    const { createTestDb } = await import("../helpers/db.js");
    const slack = await startSlackStandIn({ botToken: "xoxb-the-real-one" });
    const testDb = await createTestDb("pglite");
    try {
      const config = loadConfig({
        SLACK_BOT_TOKEN: "xoxb-revoked",
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: slack.url,
        LOG_LEVEL: "silent",
      });
      const app = createSlackApp({ config, db: testDb.db, logger: createLogger(config) });
      await expect(app.start(0)).rejects.toThrow(
        /Slack did not accept SLACK_BOT_TOKEN \(invalid_auth\)/,
      );
    } finally {
      await testDb.cleanup();
      await slack.close();
    }
  });
});
