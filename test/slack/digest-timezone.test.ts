import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { digestSubscriptions } from "../../src/db/schema.js";
import { describeEachDb } from "../helpers/db.js";
import { sendCommand } from "../helpers/slack-requests.js";
import { type SlackStandIn, startSlackStandIn } from "../helpers/slack-stand-in.js";
import { MEMBER, SIGNING_SECRET, startTestApp, type TestApp } from "./harness.js";

const CHANNEL = "CTZONE0001";
const NO_TZ_USER = "UNOTZ00001";

describeEachDb("/candidate digest subscribe: the subscriber's time zone, end to end", (ctx) => {
  let slack: SlackStandIn;
  let app: TestApp;

  beforeAll(async () => {
    slack = await startSlackStandIn();
    slack.setMembers(CHANNEL, [MEMBER, NO_TZ_USER]);
    slack.setUserTimezone(MEMBER, "Asia/Tokyo");
    slack.setUserTimezone(NO_TZ_USER, null);
    app = await startTestApp(ctx.db, slack, { env: { TZ: "Europe/Lisbon" } });
  });
  afterAll(async () => {
    await app?.stop();
    await slack?.close();
  });

  async function command(text: string, user = MEMBER): Promise<string> {
    const responseUrl = slack.responseUrl();
    await sendCommand(app.url, SIGNING_SECRET, {
      team_id: slack.teamId,
      channel_id: CHANNEL,
      user_id: user,
      text,
      response_url: responseUrl,
    });
    const path = new URL(responseUrl).pathname;
    for (let n = 1; ; n += 1) {
      const calls = await slack.waitForCalls("response_url", n);
      const call = calls.find((c) => c.path === path);
      if (call) return String(call.body.text);
    }
  }

  it("defaults to the subscriber's Slack time zone, and status names the zone", async () => {
    const reply = await command("digest subscribe");
    expect(reply).toMatch(/every Monday 09:00 \(Asia\/Tokyo\)/);
    expect(reply).toMatch(/Times are in your Slack time zone/);
    const [info] = slack.calls("users.info");
    expect(info?.body.user).toBe(MEMBER);
    const [row] = await ctx.db
      .select()
      .from(digestSubscriptions)
      .where(eq(digestSubscriptions.channelId, CHANNEL));
    expect(row?.timezone).toBe("Asia/Tokyo");
    expect(await command("digest status")).toMatch(/Times are in Asia\/Tokyo\./);
  });

  it("falls back to TZ, saying so, when the profile has no zone", async () => {
    const reply = await command("digest subscribe friday 10:00", NO_TZ_USER);
    expect(reply).toMatch(/every Friday 10:00 \(Europe\/Lisbon\)/);
    expect(reply).toMatch(/Slack did not tell me your time zone/);
  });
});
