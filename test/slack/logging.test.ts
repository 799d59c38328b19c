import { Writable } from "node:stream";
import pino from "pino";
import { afterAll, beforeAll, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { createSlackApp, type SlackApp } from "../../src/slack/create-app.js";
import { describeEachDb } from "../helpers/db.js";
import { sendCommand } from "../helpers/slack-requests.js";
import { type SlackStandIn, startSlackStandIn } from "../helpers/slack-stand-in.js";
import { BOT_TOKEN, MEMBER, SIGNING_SECRET, seedText, shareFile } from "./harness.js";

const CHANNEL = "CHIRING006";

/** Every name in the seed file, and a few of its words that only a candidate could have said. */
const candidateData = [
  "John Doe",
  "Jane Smith",
  "Emily Johnson",
  "Michael Chen",
  "James Anderson",
  "Jennifer Martinez",
  "Amanda Foster",
  "Alex Thompson",
  "helped with some Python scripts",
];

describeEachDb("logs carry no candidate data and no secrets", (ctx) => {
  let slack: SlackStandIn;
  let app: SlackApp;
  let url: string;
  const lines: string[] = [];

  beforeAll(async () => {
    slack = await startSlackStandIn();
    slack.setMembers(CHANNEL, [MEMBER]);
    const config = loadConfig({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.url,
      LOG_LEVEL: "trace",
    });
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    app = createSlackApp({
      config,
      db: ctx.db,
      logger: pino({ level: "trace" }, sink),
      clientOptions: { retryConfig: { retries: 1, minTimeout: 10, maxTimeout: 20 } },
      upload: { recoverEveryMs: 0 },
      membershipTtlMs: 0,
    });
    url = `http://127.0.0.1:${(await app.start(0)).port}`;
  });
  afterAll(async () => {
    await app?.stop();
    await slack?.close();
  });

  it("through an upload, lookups, a failed reply and an unexpected error", async () => {
    await shareFile(
      { url },
      slack,
      { name: "interview-examples.txt", content: seedText },
      { channel: CHANNEL },
    );
    await slack.waitForCalls("chat.postMessage", 1, 20_000);
    await app.deps.uploads.idle();

    slack.always("chat.postMessage", { error: "not_in_channel" });
    await shareFile(
      { url },
      slack,
      { name: "again.txt", content: `${seedText}\n` },
      { channel: CHANNEL },
    );
    await slack.waitForCalls("chat.postMessage", 2, 20_000);
    await app.deps.uploads.idle();
    slack.always("chat.postMessage", undefined);

    for (const text of ["Jane Smith", "Jon Doe", "list", "override John Doe strong x"]) {
      await sendCommand(url, SIGNING_SECRET, {
        team_id: slack.teamId,
        channel_id: CHANNEL,
        user_id: MEMBER,
        text,
        response_url: slack.responseUrl(),
      });
    }
    slack.always("conversations.members", { status: 500 });
    await sendCommand(url, SIGNING_SECRET, {
      team_id: slack.teamId,
      channel_id: CHANNEL,
      user_id: MEMBER,
      text: "Emily Johnson",
      response_url: slack.responseUrl(),
    });
    await slack.waitForCalls("response_url", 5, 20_000);
    slack.always("conversations.members", undefined);

    const log = lines.join("");
    expect(log).toContain("upload answered");
    expect(log).toContain("upload reply could not be posted");
    expect(log).toContain("slack request failed");
    for (const secret of candidateData) expect(log).not.toContain(secret);
    expect(log).not.toContain(BOT_TOKEN);
    expect(log).not.toContain(SIGNING_SECRET);
  });
});
