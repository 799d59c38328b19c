import { WebClient } from "@slack/web-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signature, slackFixture, slackFixtureText } from "../helpers/slack-requests.js";
import { type SlackStandIn, startSlackStandIn } from "../helpers/slack-stand-in.js";

/** The stand-in itself must behave like Slack, or every end-to-end test proves nothing. */
describe("slack stand-in", () => {
  let slack: SlackStandIn;
  let client: WebClient;
  beforeAll(async () => {
    slack = await startSlackStandIn();
    client = new WebClient("xoxb-test", {
      slackApiUrl: slack.url,
      retryConfig: { retries: 2, minTimeout: 10, maxTimeout: 20 },
    });
  });
  afterAll(() => slack.close());

  it("records chat.postMessage with decoded blocks and answers like Slack", async () => {
    const res = await client.chat.postMessage({
      channel: "C1",
      text: "hi",
      thread_ts: "1.2",
      blocks: [{ type: "section", text: { type: "mrkdwn", text: "x" } }],
    });
    expect(res.ok).toBe(true);
    expect(res.ts).toMatch(/^\d+\.\d{6}$/);
    const [call] = slack.calls("chat.postMessage");
    expect(call?.body.thread_ts).toBe("1.2");
    expect(call?.body.blocks).toEqual([{ type: "section", text: { type: "mrkdwn", text: "x" } }]);
    expect(call?.token).toBe("xoxb-test");
  });

  it("answers 429 with Retry-After, and the client retries after waiting", async () => {
    slack.script("reactions.add", [{ status: 429, retryAfter: 1 }, "ok"]);
    const started = Date.now();
    const res = await client.reactions.add({ channel: "C1", timestamp: "1.2", name: "x" });
    expect(res.ok).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(slack.calls("reactions.add").map((c) => c.answeredWith)).toEqual(["429", "ok"]);
  });

  it("answers a 5xx, then ok", async () => {
    slack.script("views.publish", [{ status: 503 }, "ok"]);
    const res = await client.views.publish({ user_id: "U1", view: { type: "home", blocks: [] } });
    expect(res.ok).toBe(true);
    expect(slack.calls("views.publish").map((c) => c.answeredWith)).toEqual(["503", "ok"]);
  });

  it("can hang until the client times out", async () => {
    const impatient = new WebClient("xoxb-test", {
      slackApiUrl: slack.url,
      timeout: 200,
      retryConfig: { retries: 0 },
    });
    slack.script("auth.test", ["hang"]);
    await expect(impatient.auth.test()).rejects.toThrow();
  });

  it("serves registered files at url_private_download, only with a bot token", async () => {
    const file = slack.addFile({ id: "F0TEST", name: "t.txt", content: "hello" });
    const info = await client.files.info({ file: "F0TEST" });
    expect(info.file?.url_private_download).toBe(file.url_private_download);
    expect(info.file?.size).toBe(5);
    const url = String(file.url_private_download);
    const ok = await fetch(url, { headers: { authorization: "Bearer xoxb-test" } });
    expect(await ok.text()).toBe("hello");
    const anonymous = await fetch(url);
    expect(anonymous.headers.get("content-type")).toContain("text/html");
    expect(slack.calls("files.download")).toHaveLength(2);
  });

  it("answers conversations.members from setMembers, channel_not_found otherwise", async () => {
    slack.setMembers("C9", ["U1", "U2"]);
    const res = await client.conversations.members({ channel: "C9" });
    expect(res.members).toEqual(["U1", "U2"]);
    await expect(client.conversations.members({ channel: "C404" })).rejects.toThrow(
      /channel_not_found/,
    );
  });

  it("returns posted messages, with metadata on request, from history and replies", async () => {
    const parent = await client.chat.postMessage({ channel: "CH", text: "parent" });
    await client.chat.postMessage({
      channel: "CH",
      text: "reply",
      thread_ts: parent.ts as string,
      metadata: { event_type: "x", event_payload: { id: "1" } },
    });
    const replies = await client.conversations.replies({
      channel: "CH",
      ts: parent.ts as string,
      include_all_metadata: true,
    });
    expect(replies.messages?.map((m) => m.text)).toEqual(["parent", "reply"]);
    expect(replies.messages?.[1]?.metadata?.event_payload).toEqual({ id: "1" });
    const history = await client.conversations.history({ channel: "CH" });
    expect(history.messages?.[0]?.text).toBe("reply");
    expect(history.messages?.[0]?.metadata).toBeUndefined();
  });

  it("signing helper reproduces Slack's documented example signature", () => {
    const example = slackFixture<{ signing_secret: string; expected_signature: string }>(
      "signing/signing_example.json",
    );
    const body = slackFixtureText("commands/slash_command.signing_example.form.txt");
    expect(signature(example.signing_secret, 1531420618, body)).toBe(example.expected_signature);
  });
});
