import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { describeEachDb } from "../helpers/db.js";
import {
  appHomeOpenedEvent,
  eventEnvelope,
  sendCommand,
  sendEvent,
} from "../helpers/slack-requests.js";
import type { SlackStandIn } from "../helpers/slack-stand-in.js";
import {
  ADMIN,
  MEMBER,
  OUTSIDER,
  SIGNING_SECRET,
  seedText,
  startAppWithUploads,
  type TestApp,
  textOf,
} from "./harness.js";

const CHANNEL = "CHIRING005";

describeEachDb("App Home and /candidate digest routing, end to end", (ctx) => {
  let slack: SlackStandIn;
  let app: TestApp;

  beforeAll(async () => {
    ({ slack, app } = await startAppWithUploads(ctx.db, {
      channel: CHANNEL,
      members: { [CHANNEL]: [MEMBER, ADMIN] },
      files: [
        { name: "interview-examples.txt", content: seedText },
        { name: "cv.pdf", content: "%PDF-1.4" },
      ],
    }));
  });
  afterAll(async () => {
    await app?.stop();
    await slack?.close();
  });
  beforeEach(() => slack.reset());

  async function openHome(user: string) {
    const res = await sendEvent(app.url, SIGNING_SECRET, eventEnvelope(appHomeOpenedEvent(user)));
    expect(res.status).toBe(200);
    const [publish] = await slack.waitForCalls("views.publish", 1);
    slack.reset();
    return publish?.body as { user_id: string; view: { type: string; blocks: unknown[] } };
  }

  it("routes /candidate digest subscribe to the digest feature", async () => {
    const responseUrl = slack.responseUrl();
    await sendCommand(app.url, SIGNING_SECRET, {
      team_id: slack.teamId,
      channel_id: CHANNEL,
      user_id: MEMBER,
      text: "digest subscribe monday 09:00 UTC",
      response_url: responseUrl,
    });
    const [answer] = await slack.waitForCalls("response_url", 1);
    expect(answer?.body.response_type).toBe("ephemeral");
    expect(String(answer?.body.text)).toMatch(/Monday/);
  });

  it("shows a member recent uploads with status, top candidates and the channel's digest", async () => {
    const home = await openHome(MEMBER);
    expect(home.user_id).toBe(MEMBER);
    expect(home.view.type).toBe("home");
    const text = textOf(home.view.blocks);
    expect(text).toContain("interview-examples.txt");
    expect(text).toContain("8 candidates");
    expect(text).toContain("cv.pdf");
    expect(text).toContain("not used");
    expect(text).toContain("Top candidates");
    expect(text).toContain("Dr. Amanda Foster");
    expect(text).toContain(`<#${CHANNEL}>`);
    expect(text).toMatch(/Monday 09:00/);
  });

  it("shows someone outside the hiring channels nothing about candidates", async () => {
    const text = textOf((await openHome(OUTSIDER)).view.blocks);
    expect(text).not.toContain("interview-examples.txt");
    expect(text).not.toContain("Amanda");
    expect(text).toContain("No candidates you can see yet");
  });
});
