import { WebClient } from "@slack/web-api";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createSlackOutbound, responseUrlFetch } from "../src/slack-outbound.js";
import { type SlackStandIn, startSlackStandIn } from "./helpers/slack-stand-in.js";

describe("Slack outbound under faults", () => {
  let slack: SlackStandIn;
  let client: WebClient;
  beforeAll(async () => {
    slack = await startSlackStandIn();
    client = new WebClient("xoxb-test", {
      slackApiUrl: slack.url,
      timeout: 300,
      retryConfig: { retries: 3, factor: 1, minTimeout: 10, maxTimeout: 20 },
    });
  });
  afterAll(() => slack.close());
  beforeEach(() => slack.reset());

  const post = {
    channel: "C1",
    threadTs: "1700000000.000100",
    message: { text: "Scored", blocks: [] },
    metadata: { eventType: "test_reply", payload: { transcript_id: "t-1" } },
  };

  it("posts once when Slack's answer comes after the timeout: finds the post instead of repeating it", async () => {
    slack.script("chat.postMessage", [{ delayMs: 600, label: "slow" }]);
    const ts = await createSlackOutbound(client).post(post);
    expect(slack.effective("chat.postMessage")).toHaveLength(1);
    expect(ts).toBe(slack.effective("chat.postMessage")[0]?.body.ts ?? ts);
    expect(slack.calls("conversations.replies").length).toBeGreaterThanOrEqual(1);
  });

  it("retries a 500 and a reset connection, and waits out a 429, posting once", async () => {
    slack.script("chat.postMessage", [{ status: 500 }, "reset", { status: 429, retryAfter: 1 }]);
    // Another transcript: the first test's post is still in the thread.
    await createSlackOutbound(client).post({
      ...post,
      metadata: { eventType: "test_reply", payload: { transcript_id: "t-2" } },
    });
    expect(slack.calls("chat.postMessage").map((c) => c.answeredWith)).toEqual([
      "500",
      "reset",
      "429",
      "ok",
    ]);
    expect(slack.effective("chat.postMessage")).toHaveLength(1);
  });

  it("gives up with a SLACK_API error on Slack's own refusal, without retrying", async () => {
    slack.script("chat.postMessage", [{ error: "not_in_channel" }]);
    await expect(createSlackOutbound(client).post(post)).rejects.toMatchObject({
      code: "SLACK_API",
    });
    expect(slack.calls("chat.postMessage")).toHaveLength(1);
  });

  it("retries a response_url post that failed, not Web API calls, and never posts twice", async () => {
    const send = responseUrlFetch(slack.url, { backoffMs: 5 });
    slack.script("response_url", [{ status: 500 }, "reset", { status: 429, retryAfter: 1 }]);
    const url = slack.responseUrl();
    const res = await send(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text: "hello" }),
    });
    expect(res.status).toBe(200);
    expect(slack.calls("response_url").map((c) => c.answeredWith)).toEqual([
      "500",
      "reset",
      "429",
      "ok",
    ]);
    expect(slack.effective("response_url")).toHaveLength(1);

    slack.script("auth.test", [{ status: 500 }]);
    const api = await send(`${slack.url}auth.test`, { method: "POST" });
    expect(api.status).toBe(500);
    expect(slack.calls("auth.test")).toHaveLength(1);
  });
});
