import { afterAll, beforeAll, expect, it } from "vitest";
import { COMMAND_TEXT_MAX, MAX_REQUEST_BYTES } from "../../src/slack/edge-guards.js";
import { defaultCommandRateLimit } from "../../src/slack/rate-limit.js";
import { describeEachDb } from "../helpers/db.js";
import { eventEnvelope, sendCommand, sendSigned } from "../helpers/slack-requests.js";
import { type SlackStandIn, startSlackStandIn } from "../helpers/slack-stand-in.js";
import {
  MEMBER,
  SIGNING_SECRET,
  seedText,
  shareFile,
  startTestApp,
  type TestApp,
} from "./harness.js";

const CHANNEL = "CHIRING014";
const BURSTER = "UBURST0001";
const OTHER = "UOTHER0001";

describeEachDb("bad input at the edge", (ctx) => {
  let slack: SlackStandIn;
  let app: TestApp;
  const apps: TestApp[] = [];

  beforeAll(async () => {
    slack = await startSlackStandIn();
    slack.setMembers(CHANNEL, [MEMBER, BURSTER, OTHER]);
    app = await startTestApp(ctx.db, slack);
    apps.push(app);
    await shareFile(
      app,
      slack,
      { name: "interview-examples.txt", content: seedText },
      { channel: CHANNEL },
    );
    await slack.waitForCalls("chat.postMessage", 1, 20_000);
    await app.deps.uploads.idle();
  });
  afterAll(async () => {
    for (const a of apps) await a.stop();
    await slack?.close();
  });

  function lookup(target: TestApp, user: string, text = "Jane Smith") {
    const responseUrl = slack.responseUrl(user);
    return sendCommand(target.url, SIGNING_SECRET, {
      team_id: slack.teamId,
      channel_id: CHANNEL,
      user_id: user,
      text,
      response_url: responseUrl,
    }).then((res) => ({ res, path: new URL(responseUrl).pathname }));
  }

  const answersTo = (user: string) =>
    slack.calls("response_url").filter((c) => c.path.startsWith(`/response/${user}/`));

  it("refuses a request body over 1 MB with 413 before handling it, and still takes normal ones", async () => {
    const padding = "x".repeat(MAX_REQUEST_BYTES + 1024);
    const huge = JSON.stringify(eventEnvelope({ type: "app_mention", text: padding }));
    const refused = await sendSigned(app.url, SIGNING_SECRET, huge, "application/json");
    expect(refused.status).toBe(413);

    const justUnder = JSON.stringify({
      type: "url_verification",
      challenge: "c".repeat(MAX_REQUEST_BYTES - 1024),
    });
    const accepted = await sendSigned(app.url, SIGNING_SECRET, justUnder, "application/json");
    expect(accepted.status).toBe(200);

    const { res, path } = await lookup(app, MEMBER);
    expect(res.status).toBe(200);
    await slack.waitForCalls("response_url", 1);
    expect(slack.calls("response_url").some((c) => c.path === path)).toBe(true);
  });

  it("answers a slash command with 4,000 characters of text with the usage help, in its ack", async () => {
    const before = slack.calls("response_url").length;
    const text = "Jane Smith ".repeat(400).slice(0, 4_000);
    expect(text.length).toBeGreaterThan(COMMAND_TEXT_MAX);
    const { res } = await lookup(app, MEMBER, text);
    expect(res.status).toBe(200);
    const body = res.json as { response_type: string; text: string; blocks: unknown[] };
    expect(body.response_type).toBe("ephemeral");
    expect(body.text).toMatch(/^That was 4,000 characters; \/candidate takes a name/u);
    expect(JSON.stringify(body.blocks)).toContain("/candidate list [role] [tier]");
    // Not looked up: the text never reached a listener, so nothing is posted later.
    await new Promise((r) => setTimeout(r, 200));
    expect(slack.calls("response_url").length).toBe(before);
  });

  it("holds one person's burst of 300 /candidate to the documented limit, politely, while others are answered", async () => {
    const limited = await startTestApp(ctx.db, slack, {
      commandRateLimit: defaultCommandRateLimit,
    });
    apps.push(limited);
    slack.reset();
    const started = Date.now();
    const replies: Array<{ status: number; text: string | undefined }> = [];
    let otherAnswered: Promise<void> | undefined;
    for (let chunk = 0; chunk < 300 / 25; chunk += 1) {
      const batch = await Promise.all(Array.from({ length: 25 }, () => lookup(limited, BURSTER)));
      for (const { res } of batch) {
        replies.push({
          status: res.status,
          text: (res.json as { text?: string } | undefined)?.text,
        });
      }
      if (chunk === 6) {
        // Another person, in the middle of the burst: answered as usual.
        const { res, path } = await lookup(limited, OTHER);
        expect(res.status).toBe(200);
        expect(res.text).toBe("");
        otherAnswered = slack.waitForCalls("response_url", 1).then(async () => {
          for (let n = 1; !slack.calls("response_url").some((c) => c.path === path); n += 1) {
            await slack.waitForCalls("response_url", n);
          }
        });
      }
    }
    const seconds = (Date.now() - started) / 1000;
    expect(replies).toHaveLength(300);
    expect(replies.every((r) => r.status === 200)).toBe(true);
    const refused = replies.filter((r) => r.text !== undefined);
    const allowed = replies.length - refused.length;
    const { burst, perMinute } = defaultCommandRateLimit;
    expect(allowed).toBeGreaterThanOrEqual(burst);
    expect(allowed).toBeLessThanOrEqual(burst + Math.ceil((seconds * perMinute) / 60) + 1);
    for (const r of refused) {
      expect(r.text).toMatch(
        /^You're sending commands faster than I can answer them; please wait (a second|\d+ seconds) and try again\.$/u,
      );
    }
    await otherAnswered;
    const other = answersTo(OTHER);
    expect(other).toHaveLength(1);
    expect(JSON.stringify(other[0]?.body)).toContain("Jane Smith");
    // Every command let through is answered, once.
    await slack.waitForCalls("response_url", allowed + 1, 20_000);
    expect(answersTo(BURSTER)).toHaveLength(allowed);
  });

  it("serves another person's lookup next, not after one person's whole queued burst", async () => {
    const serial = await startTestApp(ctx.db, slack, {
      commandRateLimit: { burst: 1_000, perMinute: 1_000 },
      maxConcurrentWork: 1,
    });
    apps.push(serial);
    slack.reset();
    const burst = 100;
    for (let chunk = 0; chunk < burst / 25; chunk += 1) {
      await Promise.all(Array.from({ length: 25 }, () => lookup(serial, BURSTER)));
    }
    const { res, path } = await lookup(serial, OTHER);
    expect(res.status).toBe(200);
    const doneAtAck = answersTo(BURSTER).length;
    for (let n = 1; !slack.calls("response_url").some((c) => c.path === path); n += 1) {
      await slack.waitForCalls("response_url", n, 30_000);
    }
    const calls = slack.calls("response_url");
    const otherAt = calls.findIndex((c) => c.path === path);
    const burstBefore = calls
      .slice(0, otherAt)
      .filter((c) => c.path.startsWith(`/response/${BURSTER}/`)).length;
    // Enough of the burst was still waiting for the order to mean something.
    expect(burst - doneAtAck).toBeGreaterThan(20);
    // Round-robin: at most the task running and the one whose turn it was went first.
    expect(burstBefore - doneAtAck).toBeLessThanOrEqual(3);
    await slack.waitForCalls("response_url", burst + 1, 60_000);
  });
});
