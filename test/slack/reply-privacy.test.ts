import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { auditLog, transcripts } from "../../src/db/schema.js";
import { describeEachDb } from "../helpers/db.js";
import {
  blockActionPayload,
  eventEnvelope,
  fileShareEvent,
  sendCommand,
  sendEvent,
  sendInteraction,
  slackFixture,
} from "../helpers/slack-requests.js";
import { type SlackStandIn, startSlackStandIn } from "../helpers/slack-stand-in.js";
import {
  ADMIN,
  buttonsIn,
  MEMBER,
  OUTSIDER,
  SIGNING_SECRET,
  seedText,
  shareFile,
  startTestApp,
  type TestApp,
  textOf,
} from "./harness.js";

const PUBLIC = "CPUBLIC015";
const OPEN_PUBLIC = "CPUBLIC016";
const DM = "D0DMFILE15";
const BOT = "U0442US8QGH";

/** A copy of the seed file with every name changed, so each test's upload is new. */
function renamed(tag: string): string {
  return seedText
    .replace(/John Doe/g, `John ${tag}`)
    .replace(/Jane Smith/g, `Jane ${tag}`)
    .replace(/Michael Chen/g, `Michael ${tag}`);
}

/**
 * Where an upload's ranking goes: a public channel's thread gets one line and the uploader the
 * ranking ephemerally (unless an admin allowed full replies there); a DM'd file gets the full
 * reply, readable only by the uploader and admins.
 */
describeEachDb("upload replies in public channels and DMs, end to end", (ctx) => {
  let slack: SlackStandIn;
  let app: TestApp;

  beforeAll(async () => {
    slack = await startSlackStandIn();
    slack.setChannelType(PUBLIC, "public");
    slack.setChannelType(OPEN_PUBLIC, "public");
    slack.setChannelType(DM, "im");
    slack.setMembers(PUBLIC, [MEMBER, ADMIN]);
    slack.setMembers(OPEN_PUBLIC, [MEMBER, ADMIN]);
    slack.setMembers(DM, [MEMBER, BOT]);
    app = await startTestApp(ctx.db, slack);
  });
  afterAll(async () => {
    await app?.stop();
    await slack?.close();
  });
  beforeEach(() => slack.reset());

  async function command(user: string, channel: string, text: string) {
    const responseUrl = slack.responseUrl("cmd");
    await sendCommand(app.url, SIGNING_SECRET, {
      team_id: slack.teamId,
      channel_id: channel,
      user_id: user,
      text,
      response_url: responseUrl,
    });
    const [answer] = await slack.waitForCalls("response_url", 1);
    slack.reset();
    return answer?.body as { text: string; blocks?: unknown[] };
  }

  it("gives a public channel's thread one line and sends the uploader the ranking privately", async () => {
    const shared = await shareFile(
      app,
      slack,
      { name: "round-1.txt", content: renamed("Publicus") },
      { channel: PUBLIC, channelType: "channel", user: MEMBER },
    );
    const [post] = await slack.waitForCalls("chat.postMessage", 1);
    await app.deps.uploads.idle();
    expect(slack.calls("chat.postMessage")).toHaveLength(1);
    expect(post?.body).toMatchObject({ channel: PUBLIC, thread_ts: shared.event.ts });
    const line = textOf(post?.body.blocks) + String(post?.body.text);
    expect(line).toMatch(/Scored 8 candidates from \*?round-1\.txt/);
    expect(line).toContain(`the ranking was sent to <@${MEMBER}> privately`);
    // No candidate in the thread: no name, no tier, no Details button.
    expect(line).not.toContain("Publicus");
    expect(line).not.toMatch(/\d+\/100/);
    expect(buttonsIn(post?.body.blocks)).toHaveLength(0);

    const [ephemeral] = slack.calls("chat.postEphemeral");
    expect(ephemeral?.body).toMatchObject({
      channel: PUBLIC,
      user: MEMBER,
      thread_ts: shared.event.ts,
    });
    expect(String(ephemeral?.body.text)).toContain("John Publicus");
    const details = buttonsIn(ephemeral?.body.blocks).filter((b) =>
      b.actionId.startsWith("candidate_details"),
    );
    expect(details).toHaveLength(8);
    expect(textOf(ephemeral?.body.blocks)).toMatch(/Only you can see this/);
    expect(slack.calls("reactions.add").at(-1)?.body.name).toBe("white_check_mark");
  });

  it("tells the thread where the ranking is when it cannot be sent privately", async () => {
    slack.script("chat.postEphemeral", [{ error: "user_not_in_channel" }]);
    await shareFile(
      app,
      slack,
      { name: "round-2.txt", content: renamed("Leftus") },
      { channel: PUBLIC, channelType: "channel", user: OUTSIDER },
    );
    const [post] = await slack.waitForCalls("chat.postMessage", 1);
    await app.deps.uploads.idle();
    const line = textOf(post?.body.blocks);
    expect(line).toContain("the ranking is not posted here because this channel is public");
    expect(line).not.toContain("Leftus");
  });

  it("asks conversations.info when the event does not say, and treats a channel it cannot describe as public", async () => {
    const file = slack.addFile({
      id: "FPUBSHARE1",
      name: "shared.txt",
      content: renamed("Infous"),
      channels: [OPEN_PUBLIC],
    });
    slack.script("conversations.info", [{ error: "channel_not_found" }]);
    const event = fileShareEvent(file, { channel: OPEN_PUBLIC, user: MEMBER });
    delete event.channel_type;
    await sendEvent(app.url, SIGNING_SECRET, eventEnvelope(event));
    const [post] = await slack.waitForCalls("chat.postMessage", 1);
    await app.deps.uploads.idle();
    expect(slack.calls("conversations.info")[0]?.body.channel).toBe(OPEN_PUBLIC);
    expect(textOf(post?.body.blocks)).not.toContain("Infous");
    expect(slack.calls("chat.postEphemeral")).toHaveLength(1);
  });

  it("lets only an admin allow full replies in a public channel, audited, and obeys it", async () => {
    const refused = await command(MEMBER, OPEN_PUBLIC, "channel public-replies on");
    expect(refused.text).toMatch(/Only hiring admins/);

    const status = await command(MEMBER, OPEN_PUBLIC, "channel");
    expect(status.text).toMatch(/public, so an upload's thread gets one line/);

    const done = await command(ADMIN, OPEN_PUBLIC, "channel public-replies on");
    expect(done.text).toMatch(/list the candidates in the thread/);
    const [audit] = await ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "channel_setting"), eq(auditLog.channelId, OPEN_PUBLIC)));
    expect(audit).toMatchObject({ actorId: ADMIN });
    expect(audit?.details).toMatchObject({ setting: "public_replies", from: false, to: true });

    await shareFile(
      app,
      slack,
      { name: "round-3.txt", content: renamed("Openus") },
      { channel: OPEN_PUBLIC, channelType: "channel", user: MEMBER },
    );
    const [post] = await slack.waitForCalls("chat.postMessage", 1);
    await app.deps.uploads.idle();
    expect(String(post?.body.text)).toContain("John Openus");
    expect(slack.calls("chat.postEphemeral")).toHaveLength(0);

    await command(ADMIN, OPEN_PUBLIC, "channel public-replies off");
    await shareFile(
      app,
      slack,
      { name: "round-4.txt", content: renamed("Closus") },
      { channel: OPEN_PUBLIC, channelType: "channel", user: MEMBER },
    );
    const [again] = await slack.waitForCalls("chat.postMessage", 1);
    await app.deps.uploads.idle();
    expect(String(again?.body.text)).not.toContain("Closus");

    const bad = await command(ADMIN, OPEN_PUBLIC, "channel public-replies maybe");
    expect(bad.text).toMatch(/Usage: `\/candidate channel public-replies on\|off`/);
  });

  it("answers a file DM'd to the app in full, visible to the uploader and admins only", async () => {
    // The real capture of a file shared in a DM (channel_type "im").
    const real = slackFixture<{ event: Record<string, unknown> }>("events/message_file_share.json");
    const file = slack.addFile({
      id: "FDMFILE015",
      name: "dm-interviews.txt",
      content: renamed("Directus"),
      channels: [DM],
    });
    const ts = `${Math.floor(Date.now() / 1000)}.000777`;
    const event = { ...real.event, files: [file], user: MEMBER, channel: DM, ts, event_ts: ts };
    expect(real.event.channel_type).toBe("im");
    await sendEvent(app.url, SIGNING_SECRET, eventEnvelope(event));
    const [post] = await slack.waitForCalls("chat.postMessage", 1);
    await app.deps.uploads.idle();
    expect(post?.body).toMatchObject({ channel: DM, thread_ts: ts });
    expect(String(post?.body.text)).toContain("John Directus");
    expect(slack.calls("chat.postEphemeral")).toHaveLength(0);
    const [row] = await ctx.db
      .select()
      .from(transcripts)
      .where(eq(transcripts.slackFileId, "FDMFILE015"));
    expect(row).toMatchObject({ status: "done", channelId: DM, uploaderId: MEMBER });

    const detailsOf = async (user: string) => {
      const button = buttonsIn(post?.body.blocks).find((b) =>
        b.actionId.startsWith("candidate_details"),
      );
      slack.reset();
      const responseUrl = slack.responseUrl("details");
      await sendInteraction(
        app.url,
        SIGNING_SECRET,
        blockActionPayload({
          actionId: button?.actionId ?? "",
          value: button?.value ?? "",
          userId: user,
          channelId: DM,
          teamId: slack.teamId,
          responseUrl,
        }),
      );
      const [answer] = await slack.waitForCalls("response_url", 1);
      return textOf(answer?.body.blocks);
    };
    expect(await detailsOf(MEMBER)).toContain("Per question");
    expect(await detailsOf(ADMIN)).toContain("Per question");
    expect(await detailsOf(OUTSIDER)).toMatch(/only look up candidates/);
    const lookup = await command(OUTSIDER, "CRANDOM015", "John Directus");
    expect(textOf(lookup.blocks)).not.toContain("Per question");
  });
});
