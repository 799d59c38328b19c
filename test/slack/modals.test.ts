import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { auditLog, candidates, scoreOverrides } from "../../src/db/schema.js";
import { describeEachDb } from "../helpers/db.js";
import {
  blockActionPayload,
  sendCommand,
  sendInteraction,
  viewSubmissionPayload,
} from "../helpers/slack-requests.js";
import type { SlackStandIn } from "../helpers/slack-stand-in.js";
import {
  ADMIN,
  buttonsIn,
  MEMBER,
  SIGNING_SECRET,
  seedText,
  startAppWithUploads,
  type TestApp,
  textOf,
} from "./harness.js";

const CHANNEL = "CHIRING152";

interface OpenedView {
  type: string;
  callback_id?: string;
  private_metadata?: string;
  title: { text: string };
  submit?: { text: string };
  blocks: Array<Record<string, unknown>>;
}

/** The admin modals, end to end: opened by the command and the card, submitted with errors and without. */
describeEachDb("override and delete modals, end to end", (ctx) => {
  let slack: SlackStandIn;
  let app: TestApp;

  beforeAll(async () => {
    ({ slack, app } = await startAppWithUploads(ctx.db, {
      channel: CHANNEL,
      members: { [CHANNEL]: [MEMBER, ADMIN] },
      files: [{ name: "interview-examples.txt", content: seedText }],
    }));
  });
  afterAll(async () => {
    await app?.stop();
    await slack?.close();
  });
  beforeEach(() => slack.reset());

  async function command(text: string, user = ADMIN, triggerId = `trig-${Date.now()}`) {
    const responseUrl = slack.responseUrl("cmd");
    const res = await sendCommand(app.url, SIGNING_SECRET, {
      team_id: slack.teamId,
      channel_id: CHANNEL,
      user_id: user,
      text,
      trigger_id: triggerId,
      response_url: responseUrl,
    });
    expect(res.status).toBe(200);
    return { responseUrl, triggerId };
  }

  async function openedView(): Promise<{ view: OpenedView; triggerId: string }> {
    const [open] = await slack.waitForCalls("views.open", 1);
    return { view: open?.body.view as OpenedView, triggerId: String(open?.body.trigger_id) };
  }

  async function submit(view: OpenedView, values: Record<string, unknown>, user = ADMIN) {
    const res = await sendInteraction(
      app.url,
      SIGNING_SECRET,
      viewSubmissionPayload({
        userId: user,
        teamId: slack.teamId,
        view: {
          callback_id: String(view.callback_id),
          private_metadata: view.private_metadata ?? "",
          blocks: view.blocks,
        },
        values: values as Record<string, Record<string, Record<string, unknown>>>,
      }),
    );
    expect(res.status).toBe(200);
    return res.json as {
      response_action?: string;
      errors?: Record<string, string>;
      view?: OpenedView;
    };
  }

  const tierValue = (tier: string | undefined) => ({
    override_tier: {
      tier: {
        type: "static_select",
        selected_option: tier ? { text: { type: "plain_text", text: tier }, value: tier } : null,
      },
    },
  });
  const reasonValue = (reason: string) => ({
    override_reason: { reason: { type: "plain_text_input", value: reason } },
  });

  async function idOf(name: string): Promise<string> {
    const [row] = await ctx.db.select().from(candidates).where(eq(candidates.displayName, name));
    if (!row) throw new Error(`no candidate ${name}`);
    return row.id;
  }

  it("opens the override form for /candidate override NAME, showing the computed tier", async () => {
    const { triggerId } = await command("override Jane Smith");
    const { view, triggerId: used } = await openedView();
    expect(used).toBe(triggerId);
    expect(view.type).toBe("modal");
    expect(view.callback_id).toBe("candidate_override_modal");
    expect(view.title.text.length).toBeLessThanOrEqual(24);
    const text = textOf(view.blocks);
    expect(text).toContain("Jane Smith");
    expect(text).toMatch(/Computed: .*(Weak|Average|Strong|Exceptional).*\/100/);
    const tier = view.blocks.find((b) => b.block_id === "override_tier");
    expect((tier?.element as { type: string } | undefined)?.type).toBe("static_select");
    const reason = view.blocks.find((b) => b.block_id === "override_reason");
    expect(reason?.element).toMatchObject({ multiline: true, max_length: 500 });
    expect(slack.calls("response_url")).toHaveLength(0);
  });

  it("shows what is wrong on each field and stores nothing, then accepts a corrected form", async () => {
    await command("override Jane Smith");
    const { view } = await openedView();
    const janeId = await idOf("Jane Smith");

    const empty = await submit(view, { ...tierValue(undefined), ...reasonValue("   ") });
    expect(empty.response_action).toBe("errors");
    expect(Object.keys(empty.errors ?? {}).sort()).toEqual(["override_reason", "override_tier"]);
    expect(empty.errors?.override_reason).toMatch(/Give a reason/);

    const long = await submit(view, { ...tierValue("strong"), ...reasonValue("x".repeat(501)) });
    expect(long).toEqual({
      response_action: "errors",
      errors: { override_reason: "Keep the reason to 500 characters (this one has 501)." },
    });
    expect(
      await ctx.db.select().from(scoreOverrides).where(eq(scoreOverrides.candidateId, janeId)),
    ).toHaveLength(0);

    const done = await submit(view, {
      ...tierValue("strong"),
      ...reasonValue("Solid pairing session on the second day"),
    });
    expect(done.response_action).toBe("update");
    expect(textOf(done.view?.blocks)).toMatch(/is now \*Strong\*/);
    const [override] = await ctx.db
      .select()
      .from(scoreOverrides)
      .where(eq(scoreOverrides.candidateId, janeId));
    expect(override).toMatchObject({
      tier: "strong",
      reason: "Solid pairing session on the second day",
      setBy: ADMIN,
    });
    const [audit] = await ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.candidateId, janeId), eq(auditLog.action, "override")));
    expect(audit).toMatchObject({ actorId: ADMIN, channelId: CHANNEL });
  });

  it("refuses a submission from someone who is not an admin, on the field", async () => {
    await command("override Michael Chen");
    const { view } = await openedView();
    const refused = await submit(
      view,
      { ...tierValue("exceptional"), ...reasonValue("I like them") },
      MEMBER,
    );
    expect(refused.response_action).toBe("errors");
    expect(refused.errors?.override_tier).toMatch(/Only hiring admins/);
    const id = await idOf("Michael Chen");
    expect(
      await ctx.db.select().from(scoreOverrides).where(eq(scoreOverrides.candidateId, id)),
    ).toHaveLength(0);
  });

  it("gives admins the card's admin buttons; Delete… confirms in a modal naming what goes", async () => {
    const responseUrl = slack.responseUrl("card");
    await sendCommand(app.url, SIGNING_SECRET, {
      team_id: slack.teamId,
      channel_id: CHANNEL,
      user_id: MEMBER,
      text: "Emily Johnson",
      response_url: responseUrl,
    });
    const [memberCard] = await slack.waitForCalls("response_url", 1);
    expect(buttonsIn(memberCard?.body.blocks).map((b) => b.text)).not.toContain("Delete…");
    slack.reset();

    await sendCommand(app.url, SIGNING_SECRET, {
      team_id: slack.teamId,
      channel_id: CHANNEL,
      user_id: ADMIN,
      text: "Emily Johnson",
      response_url: slack.responseUrl("card2"),
    });
    const [adminCard] = await slack.waitForCalls("response_url", 1);
    const buttons = buttonsIn(adminCard?.body.blocks);
    expect(buttons.map((b) => b.text)).toEqual(expect.arrayContaining(["Change tier…", "Delete…"]));
    const del = buttons.find((b) => b.text === "Delete…");
    slack.reset();
    await sendInteraction(
      app.url,
      SIGNING_SECRET,
      blockActionPayload({
        actionId: del?.actionId ?? "",
        value: del?.value ?? "",
        userId: ADMIN,
        channelId: CHANNEL,
        teamId: slack.teamId,
        responseUrl: slack.responseUrl("del"),
      }),
    );
    const { view } = await openedView();
    expect(view.callback_id).toBe("candidate_forget_modal");
    expect(view.submit?.text).toBe("Delete");
    const text = textOf(view.blocks);
    expect(text).toContain("Emily Johnson");
    expect(text).toMatch(/1 interview, with every answer and score/);
    // Opening the confirmation deletes nothing.
    const id = await idOf("Emily Johnson");

    const done = await submit(view, {});
    expect(done.response_action).toBe("update");
    expect(textOf(done.view?.blocks)).toMatch(/Deleted \*Emily Johnson\*: 1 interview/);
    expect(await ctx.db.select().from(candidates).where(eq(candidates.id, id))).toHaveLength(0);
    const [audit] = await ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.candidateId, id), eq(auditLog.action, "forget")));
    expect(audit?.actorId).toBe(ADMIN);
  });
});
