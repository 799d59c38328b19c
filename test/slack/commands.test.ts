import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { auditLog, candidates } from "../../src/db/schema.js";
import { describeEachDb } from "../helpers/db.js";
import {
  blockActionPayload,
  sendCommand,
  sendInteraction,
  sendSigned,
  signature,
  slashCommandBody,
} from "../helpers/slack-requests.js";
import type { SlackStandIn } from "../helpers/slack-stand-in.js";
import {
  ADMIN,
  buttonsIn,
  MEMBER,
  OUTSIDER,
  SIGNING_SECRET,
  secondBatchText,
  seedText,
  startAppWithUploads,
  type TestApp,
  textOf,
} from "./harness.js";

const CHANNEL = "CHIRING002";
const OTHER_CHANNEL = "CRANDOM003";

describeEachDb("/candidate and its buttons, end to end", (ctx) => {
  let slack: SlackStandIn;
  let app: TestApp;

  beforeAll(async () => {
    ({ slack, app } = await startAppWithUploads(ctx.db, {
      channel: CHANNEL,
      members: { [CHANNEL]: [MEMBER, ADMIN], [OTHER_CHANNEL]: [MEMBER, OUTSIDER] },
      files: [
        { name: "interview-examples.txt", content: seedText },
        { name: "second-batch.txt", content: secondBatchText },
      ],
    }));
  });
  afterAll(async () => {
    await app?.stop();
    await slack?.close();
  });
  beforeEach(() => slack.reset());

  /** Runs `/candidate <text>` as `user` in `channel`; returns the ephemeral answer. */
  async function command(text: string, user = MEMBER, channel = CHANNEL) {
    const responseUrl = slack.responseUrl();
    const res = await sendCommand(app.url, SIGNING_SECRET, {
      team_id: slack.teamId,
      team_domain: "acme",
      channel_id: channel,
      user_id: user,
      text,
      response_url: responseUrl,
    });
    expect(res.status).toBe(200);
    return answerAt(responseUrl) as Promise<{
      response_type?: string;
      text: string;
      blocks?: unknown[];
    }>;
  }

  /** Waits for the app's answer posted to this response_url. */
  async function answerAt(responseUrl: string): Promise<Record<string, unknown>> {
    const path = new URL(responseUrl).pathname;
    for (let n = 1; ; n += 1) {
      const calls = await slack.waitForCalls("response_url", n);
      const call = calls.find((c) => c.path === path);
      if (call) return call.body;
    }
  }

  async function click(actionId: string, value: string, user = MEMBER, channel = CHANNEL) {
    const responseUrl = slack.responseUrl("action");
    const res = await sendInteraction(
      app.url,
      SIGNING_SECRET,
      blockActionPayload({
        actionId,
        value,
        userId: user,
        channelId: channel,
        teamId: slack.teamId,
        responseUrl,
      }),
    );
    expect(res.status).toBe(200);
    return answerAt(responseUrl) as Promise<{
      response_type?: string;
      replace_original?: boolean;
      text: string;
      blocks?: unknown[];
    }>;
  }

  async function candidateId(name: string): Promise<string> {
    const [row] = await ctx.db.select().from(candidates).where(eq(candidates.displayName, name));
    if (!row) throw new Error(`no candidate ${name}`);
    return row.id;
  }

  it("acks an empty command at once and answers with usage", async () => {
    const answer = await command("");
    expect(answer.response_type).toBe("ephemeral");
    expect(textOf(answer.blocks)).toContain("/candidate list [role] [tier]");
    expect((await command("help")).text).toMatch(/How to use/);
  });

  it("answers an exact name with the full summary, ephemerally, and audits the lookup", async () => {
    const answer = await command("Jane Smith");
    expect(answer.response_type).toBe("ephemeral");
    const text = textOf(answer.blocks);
    expect(text).toContain("Jane Smith");
    expect(text).toContain("Per question");
    expect(text).toContain("Strengths");
    expect(text).toContain("Concerns");
    expect(text).toContain("Interviews");
    expect(text).toContain("interview-examples.txt");
    // A link to the message that shared the file, built from the workspace domain.
    expect(text).toMatch(/https:\/\/acme\.slack\.com\/archives\/CHIRING002\/p\d+/);
    expect(buttonsIn(answer.blocks).map((b) => b.text)).toContain("Share in channel");
    const id = await candidateId("Jane Smith");
    const audits = await ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.candidateId, id), eq(auditLog.action, "lookup")));
    expect(audits.at(-1)).toMatchObject({ actorId: MEMBER, channelId: CHANNEL });
    expect(JSON.stringify(audits)).not.toContain("Jane");
  });

  it("finds a candidate despite a typo and odd casing", async () => {
    expect(textOf((await command("JENIFER MARTINES")).blocks)).toContain("Jennifer Martinez");
    expect(textOf((await command("amanda foster")).blocks)).toContain("Amanda Foster");
  });

  it("offers a choice with buttons when two people match", async () => {
    const answer = await command("John Doe");
    expect(answer.text).toMatch(/Several candidates match/);
    const shows = buttonsIn(answer.blocks).filter((b) =>
      b.actionId.startsWith("candidate_details"),
    );
    expect(shows).toHaveLength(2);
    const text = textOf(answer.blocks);
    expect(text).toContain("Senior Python Developer");
    expect(text).toContain("Data Engineer");
    const picked = await click(shows[1]?.actionId ?? "", shows[1]?.value ?? "");
    expect(picked.response_type).toBe("ephemeral");
    expect(textOf(picked.blocks)).toContain("John Doe");
  });

  it("says so for an unknown name, suggesting close ones when there are any", async () => {
    const none = await command("Zebediah Quuxworth");
    expect(none.text).toMatch(/No candidate matches/);
    const near = await command("Michelle Chan");
    expect(near.text).toMatch(/No candidate matches|Michael Chen/);
  });

  it("refuses politely someone who is in none of the candidate's channels, and audits it", async () => {
    const answer = await command("Jane Smith", OUTSIDER, OTHER_CHANNEL);
    expect(answer.text).toMatch(
      /only look up candidates whose transcripts were shared in a channel you are in/,
    );
    expect(textOf(answer.blocks)).not.toContain("Frontend");
    const id = await candidateId("Jane Smith");
    const [refused] = await ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.candidateId, id), eq(auditLog.actorId, OUTSIDER)));
    expect(refused?.details).toMatchObject({ allowed: false });
    // Nor does a list or a choice reveal anyone to them.
    expect((await command("list", OUTSIDER, OTHER_CHANNEL)).text).toMatch(
      /No candidates you can see/,
    );
    expect((await command("John Doe", OUTSIDER, OTHER_CHANNEL)).text).toMatch(/only look up/);
  });

  it("lets an admin look up anyone", async () => {
    expect(textOf((await command("Priya Raman", ADMIN, OTHER_CHANNEL)).blocks)).toContain(
      "Priya Raman",
    );
  });

  it("rejects a forged signature and a timestamp older than five minutes", async () => {
    const body = slashCommandBody({
      team_id: slack.teamId,
      channel_id: CHANNEL,
      user_id: MEMBER,
      text: "Jane Smith",
      response_url: slack.responseUrl(),
    });
    const forged = await sendSigned(
      app.url,
      SIGNING_SECRET,
      body,
      "application/x-www-form-urlencoded",
      {
        signature: signature("not-the-secret", Math.floor(Date.now() / 1000), body),
      },
    );
    expect(forged.status).toBe(401);
    const old = Math.floor(Date.now() / 1000) - 6 * 60;
    const stale = await sendSigned(
      app.url,
      SIGNING_SECRET,
      body,
      "application/x-www-form-urlencoded",
      {
        timestamp: old,
      },
    );
    expect(stale.status).toBe(401);
    await new Promise((r) => setTimeout(r, 200));
    expect(slack.calls("response_url")).toHaveLength(0);
  });

  it("shares the card visibly in an upload channel, and nowhere else", async () => {
    const id = await candidateId("Michael Chen");
    const done = await click("candidate_share", id);
    expect(done.text).toMatch(/Shared in this channel/);
    const [post] = slack.calls("chat.postMessage");
    expect(post?.body.channel).toBe(CHANNEL);
    expect(textOf(post?.body.blocks)).toContain("Michael Chen");
    expect(textOf(post?.body.blocks)).toContain(`Shared by <@${MEMBER}>`);
    expect(buttonsIn(post?.body.blocks)).toHaveLength(0);
    slack.reset();

    const elsewhere = await click("candidate_share", id, MEMBER, OTHER_CHANNEL);
    expect(elsewhere.text).toMatch(
      /only be shared in a channel where the candidate's transcript was uploaded/,
    );
    slack.reset();
    const outsider = await click("candidate_share", id, OUTSIDER, OTHER_CHANNEL);
    expect(outsider.text).toMatch(/only look up/);
    expect(slack.calls("chat.postMessage")).toHaveLength(0);
    const shares = await ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.candidateId, id), eq(auditLog.action, "share")));
    expect(shares.map((s) => (s.details as { allowed: boolean }).allowed)).toEqual([
      true,
      false,
      false,
    ]);
  });

  it("lists top candidates a page at a time with buttons, filtered by role and tier", async () => {
    const first = await command("list");
    expect(first.text).toMatch(/1–10 of 11/);
    const next = buttonsIn(first.blocks).find((b) => b.text.startsWith("Next"));
    expect(next).toBeDefined();
    const second = await click(next?.actionId ?? "", next?.value ?? "");
    expect(second.replace_original).toBe(true);
    expect(second.text).toMatch(/11–11 of 11/);
    expect(buttonsIn(second.blocks).map((b) => b.text)).toContain("◀ Previous");

    const backend = await command("list backend");
    expect(backend.text).toMatch(/of 2$/);
    // Filter by the tier the scorer gave Tomás Ortega, whatever it is.
    const tomas = (
      await ctx.db.select().from(candidates).where(eq(candidates.displayName, "Tomás Ortega"))
    )[0];
    const tier = tomas?.latestTier ?? "weak";
    const byTier = await command(`list backend ${tier}`);
    expect(byTier.text).toMatch(new RegExp(`${tier} candidates .*of [12]$`, "i"));
    expect(textOf(byTier.blocks)).toContain("Tomás Ortega");
  });

  it("lets only admins override a tier, after a confirmation button, with an audit entry", async () => {
    const refused = await command("override Jane Smith exceptional great take-home", MEMBER);
    expect(refused.text).toMatch(/Only hiring admins/);

    const confirm = await command("override Jane Smith exceptional great take-home", ADMIN);
    const yes = buttonsIn(confirm.blocks).find((b) => b.actionId === "candidate_override_confirm");
    expect(yes?.text).toBe("Set to Exceptional");
    // A non-admin clicking a forwarded button changes nothing.
    expect((await click(yes?.actionId ?? "", yes?.value ?? "", MEMBER)).text).toMatch(
      /Only hiring admins/,
    );
    slack.reset();
    const done = await click(yes?.actionId ?? "", yes?.value ?? "", ADMIN);
    expect(done.text).toMatch(/tier is now Exceptional/);

    const card = await command("Jane Smith");
    expect(textOf(card.blocks)).toContain("Tier set by hand to *Exceptional*");
    const id = await candidateId("Jane Smith");
    const [audit] = await ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.candidateId, id), eq(auditLog.action, "override")));
    expect(audit?.actorId).toBe(ADMIN);
  });

  it("cancels an admin action without changing anything", async () => {
    const confirm = await command("forget Priya Raman", ADMIN);
    const cancel = buttonsIn(confirm.blocks).find((b) => b.actionId === "candidate_admin_cancel");
    expect((await click(cancel?.actionId ?? "", cancel?.value ?? "", ADMIN)).text).toMatch(
      /Cancelled/,
    );
    expect(await candidateId("Priya Raman")).toEqual(expect.any(String));
  });

  it("lets only admins forget a candidate, after a confirmation button, with an audit entry", async () => {
    const id = await candidateId("Tomás Ortega");
    expect((await command("forget Tomás Ortega", MEMBER)).text).toMatch(/Only hiring admins/);
    const confirm = await command("forget Tomás Ortega", ADMIN);
    const del = buttonsIn(confirm.blocks).find((b) => b.actionId === "candidate_forget_confirm");
    expect(del?.value).toBe(id);
    const done = await click(del?.actionId ?? "", del?.value ?? "", ADMIN);
    expect(done.text).toMatch(/Deleted: 1 interview/);
    expect((await command("Tomás Ortega", ADMIN)).text).toMatch(/No candidate matches/);
    const [audit] = await ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.candidateId, id), eq(auditLog.action, "forget")));
    expect(audit?.actorId).toBe(ADMIN);
    expect(JSON.stringify(audit)).not.toContain("Tomás");
  });

  it("answers an unexpected failure with one clear sentence", async () => {
    slack.always("conversations.members", { status: 500 });
    try {
      const answer = await command("Jane Smith", MEMBER);
      expect(answer.text).toMatch(/^I could not check the channel's members with Slack just now/);
    } finally {
      slack.always("conversations.members", undefined);
    }
  });
});
