import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { auditLog } from "../../src/db/schema.js";
import { describeEachDb } from "../helpers/db.js";
import {
  appHomeOpenedEvent,
  blockActionPayload,
  eventEnvelope,
  sendEvent,
  sendInteraction,
  viewBlockActionPayload,
} from "../helpers/slack-requests.js";
import type { SlackStandIn } from "../helpers/slack-stand-in.js";
import {
  buttonsIn,
  MEMBER,
  OUTSIDER,
  SIGNING_SECRET,
  seedText,
  startAppWithUploads,
  type TestApp,
  textOf,
} from "./harness.js";

const CHANNEL = "CHIRING015";

/** The "Details" button: the same card from a message click and from a Home tab click. */
describeEachDb("Details buttons from a message and from a view, end to end", (ctx) => {
  let slack: SlackStandIn;
  let app: TestApp;
  let homeButtons: Array<{ actionId: string; value: string; text: string }>;

  beforeAll(async () => {
    ({ slack, app } = await startAppWithUploads(ctx.db, {
      channel: CHANNEL,
      members: { [CHANNEL]: [MEMBER] },
      files: [{ name: "interview-examples.txt", content: seedText }],
    }));
    slack.reset();
    await sendEvent(app.url, SIGNING_SECRET, eventEnvelope(appHomeOpenedEvent(MEMBER)));
    const [publish] = await slack.waitForCalls("views.publish", 1);
    const view = (publish?.body as { view: { blocks: unknown[] } } | undefined)?.view;
    homeButtons = buttonsIn(view?.blocks).filter((b) => b.actionId.startsWith("candidate_details"));
  });
  afterAll(async () => {
    await app?.stop();
    await slack?.close();
  });
  beforeEach(() => slack.reset());

  it("opens the card in a modal for a click on the Home tab, with the click's trigger_id", async () => {
    const first = homeButtons[0];
    expect(first).toBeDefined();
    const payload = viewBlockActionPayload({
      actionId: first?.actionId ?? "",
      value: first?.value ?? "",
      userId: MEMBER,
      teamId: slack.teamId,
    });
    const res = await sendInteraction(app.url, SIGNING_SECRET, payload);
    expect(res.status).toBe(200);
    const [open] = await slack.waitForCalls("views.open", 1);
    expect(open?.body.trigger_id).toBe(payload.trigger_id);
    const view = open?.body.view as { type: string; title: { text: string }; blocks: unknown[] };
    expect(view.type).toBe("modal");
    expect(view.title.text.length).toBeLessThanOrEqual(24);
    // The card itself: a header with the candidate's name and per-question lines.
    expect(textOf(view.blocks)).toContain("Per question");
    expect(slack.calls("response_url")).toHaveLength(0);
    const audits = await ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.actorId, MEMBER), eq(auditLog.candidateId, first?.value ?? "")));
    expect(audits.some((a) => (a.details as { via?: string }).via === "button")).toBe(true);
  });

  it("answers a click in a message ephemerally through its response_url, without a modal", async () => {
    const first = homeButtons[0];
    const responseUrl = slack.responseUrl("details");
    await sendInteraction(
      app.url,
      SIGNING_SECRET,
      blockActionPayload({
        actionId: first?.actionId ?? "",
        value: first?.value ?? "",
        userId: MEMBER,
        channelId: CHANNEL,
        teamId: slack.teamId,
        responseUrl,
      }),
    );
    const [answer] = await slack.waitForCalls("response_url", 1);
    expect(answer?.body.response_type).toBe("ephemeral");
    expect(textOf(answer?.body.blocks)).toContain("Per question");
    expect(slack.calls("views.open")).toHaveLength(0);
  });

  it("answers a failure behind a Home tab click with one sentence in a modal", async () => {
    const first = homeButtons[0];
    slack.always("conversations.members", { status: 500 });
    try {
      await sendInteraction(
        app.url,
        SIGNING_SECRET,
        viewBlockActionPayload({
          actionId: first?.actionId ?? "",
          value: first?.value ?? "",
          userId: MEMBER,
          teamId: slack.teamId,
        }),
      );
      const [open] = await slack.waitForCalls("views.open", 1, 20_000);
      const text = textOf((open?.body.view as { blocks: unknown[] } | undefined)?.blocks);
      expect(text).toMatch(/could not check the channel's members with Slack just now/);
    } finally {
      slack.always("conversations.members", undefined);
    }
  });

  it("shows someone who may not see the candidate a refusal in the modal, not the card", async () => {
    const first = homeButtons[0];
    await sendInteraction(
      app.url,
      SIGNING_SECRET,
      viewBlockActionPayload({
        actionId: first?.actionId ?? "",
        value: first?.value ?? "",
        userId: OUTSIDER,
        teamId: slack.teamId,
      }),
    );
    const [open] = await slack.waitForCalls("views.open", 1);
    const text = textOf((open?.body.view as { blocks: unknown[] } | undefined)?.blocks);
    expect(text).toMatch(/only look up candidates/);
    expect(text).not.toContain("Per question");
  });
});
