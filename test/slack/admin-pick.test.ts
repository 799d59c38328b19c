import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { CandidateMatch } from "../../src/candidates/types.js";
import { auditLog, candidates, scoreOverrides } from "../../src/db/schema.js";
import { renderAdminPick } from "../../src/slack/blocks/admin-pick.js";
import { describeEachDb } from "../helpers/db.js";
import { blockActionPayload, sendCommand, sendInteraction } from "../helpers/slack-requests.js";
import type { SlackStandIn } from "../helpers/slack-stand-in.js";
import { expectWithinSlackLimits } from "./blocks/limits.js";
import {
  ADMIN,
  buttonsIn,
  MEMBER,
  SIGNING_SECRET,
  secondBatchText,
  seedText,
  startAppWithUploads,
  type TestApp,
  textOf,
} from "./harness.js";

const CHANNEL = "CHIRING004";
/** The seed file's John Doe and the second batch's: same name, different roles. */
const PYTHON = "Senior Python Developer";
const DATA = "Data Engineer";

describe("renderAdminPick", () => {
  const match = (i: number): CandidateMatch => ({
    candidateId: `0190a3c2-7b1e-7c3d-8e4f-${String(i).padStart(12, "0")}`,
    name: "John Doe",
    roles: ["Engineer"],
    score: 70,
    tier: "strong",
    lastInterviewedAt: null,
    similarity: 1,
  });

  it("keeps an override's value within Slack's 2,000 characters even when escaping grows it", () => {
    // 1,400 quotes and backslashes: JSON doubles each, so a plain cut would not parse.
    const reason = `${'"\\'.repeat(700)}`;
    const message = renderAdminPick("john doe", [match(1), match(2)], {
      kind: "override",
      tier: "exceptional",
      reason,
    });
    expectWithinSlackLimits(message.blocks);
    const picks = buttonsIn(message.blocks).filter((b) =>
      b.actionId.startsWith("candidate_override_pick"),
    );
    expect(picks).toHaveLength(2);
    for (const b of picks) {
      const value = JSON.parse(b.value) as { c: string; t: string; r: string };
      expect(value.t).toBe("exceptional");
      expect(reason.startsWith(value.r.replace(/…$/u, ""))).toBe(true);
    }
  });
});

describeEachDb("/candidate override and forget with several matches: pick, confirm", (ctx) => {
  let slack: SlackStandIn;
  let app: TestApp;

  beforeAll(async () => {
    ({ slack, app } = await startAppWithUploads(ctx.db, {
      channel: CHANNEL,
      members: { [CHANNEL]: [MEMBER, ADMIN] },
      files: [
        { name: "seed.txt", content: seedText },
        { name: "second-batch.txt", content: secondBatchText },
      ],
    }));
  });
  afterAll(async () => {
    await app?.stop();
    await slack?.close();
  });
  beforeEach(() => slack.reset());

  async function answerAt(responseUrl: string): Promise<Message> {
    const path = new URL(responseUrl).pathname;
    for (let n = 1; ; n += 1) {
      const calls = await slack.waitForCalls("response_url", n);
      const call = calls.find((c) => c.path === path);
      if (call) return call.body as unknown as Message;
    }
  }

  async function command(text: string, user = ADMIN): Promise<Message> {
    const responseUrl = slack.responseUrl();
    const res = await sendCommand(app.url, SIGNING_SECRET, {
      team_id: slack.teamId,
      team_domain: "acme",
      channel_id: CHANNEL,
      user_id: user,
      text,
      response_url: responseUrl,
    });
    expect(res.status).toBe(200);
    return answerAt(responseUrl);
  }

  async function click(
    button: { actionId: string; value: string } | undefined,
    user = ADMIN,
    teamId = slack.teamId,
  ): Promise<Message> {
    if (!button) throw new Error("no such button");
    const responseUrl = slack.responseUrl("action");
    const res = await sendInteraction(
      app.url,
      SIGNING_SECRET,
      blockActionPayload({
        actionId: button.actionId,
        value: button.value,
        userId: user,
        channelId: CHANNEL,
        teamId,
        responseUrl,
      }),
    );
    expect(res.status).toBe(200);
    return answerAt(responseUrl);
  }

  /** Both John Does, by role, as stored now. */
  async function johnDoes() {
    const rows = await ctx.db
      .select()
      .from(candidates)
      .where(eq(candidates.displayName, "John Doe"));
    return {
      python: rows.find((r) => r.roles.includes(PYTHON)),
      data: rows.find((r) => r.roles.includes(DATA)),
    };
  }

  async function auditsOf(candidateId: string, action: "override" | "forget") {
    return ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.candidateId, candidateId), eq(auditLog.action, action)));
  }

  it("override: pick buttons, then that candidate's confirmation, then only they change", async () => {
    const before = await johnDoes();
    if (!before.python || !before.data) throw new Error("both John Does should be stored");
    const reason = 'pairing session showed "real" depth';

    const pick = await command(`override John Doe exceptional ${reason}`);
    expect(pick.text).toMatch(/Several candidates match/);
    expect(textOf(pick.blocks)).toContain(PYTHON);
    expect(textOf(pick.blocks)).toContain(DATA);
    expectWithinSlackLimits(pick.blocks ?? []);
    const picks = buttonsIn(pick.blocks).filter((b) =>
      b.actionId.startsWith("candidate_override_pick"),
    );
    expect(picks).toHaveLength(2);
    const dataPick = picks.find((b) => JSON.parse(b.value).c === before.data?.id);
    expect(JSON.parse(dataPick?.value ?? "{}")).toEqual({
      c: before.data.id,
      t: "exceptional",
      r: reason,
    });

    const confirm = await click(dataPick);
    expect(confirm.replace_original).toBe(true);
    const card = textOf(confirm.blocks);
    expect(card).toContain("John Doe");
    expect(card).toContain(DATA);
    expect(card).not.toContain(PYTHON);
    expect(card).toContain("pairing session showed");
    const yes = buttonsIn(confirm.blocks).find((b) => b.actionId === "candidate_override_confirm");
    expect(yes?.text).toBe("Set to Exceptional");
    expect(JSON.parse(yes?.value ?? "{}")).toEqual({
      c: before.data.id,
      t: "exceptional",
      r: reason,
    });
    // Picking alone changes nothing.
    expect(await ctx.db.select().from(scoreOverrides)).toHaveLength(0);

    const done = await click(yes);
    expect(done.text).toMatch(/tier is now Exceptional/);
    const after = await johnDoes();
    expect(after.data?.effectiveTier).toBe("exceptional");
    expect(after.python?.effectiveTier).toBe(before.python.effectiveTier);
    const overrides = await ctx.db.select().from(scoreOverrides);
    expect(overrides).toEqual([
      expect.objectContaining({
        candidateId: before.data.id,
        tier: "exceptional",
        reason,
        setBy: ADMIN,
      }),
    ]);
    const [audit] = await auditsOf(before.data.id, "override");
    expect(audit).toMatchObject({ actorId: ADMIN, channelId: CHANNEL });
    expect(await auditsOf(before.python.id, "override")).toHaveLength(0);
  });

  it("refuses a pick button to a non-admin, and to another workspace, changing nothing", async () => {
    const before = await johnDoes();
    if (!before.python || !before.data) throw new Error("both John Does should be stored");
    const overridePicks = buttonsIn((await command("override John Doe weak no reason")).blocks);
    const forgetPicks = buttonsIn((await command("forget John Doe")).blocks);
    const overridePick = overridePicks.find((b) =>
      b.actionId.startsWith("candidate_override_pick"),
    );
    const forgetPick = forgetPicks.find((b) => b.actionId.startsWith("candidate_forget_pick"));

    const refusedOverride = await click(overridePick, MEMBER);
    expect(refusedOverride.text).toMatch(/Only hiring admins/);
    expect(buttonsIn(refusedOverride.blocks)).toHaveLength(0);
    const refusedForget = await click(forgetPick, MEMBER);
    expect(refusedForget.text).toMatch(/Only hiring admins/);
    expect(buttonsIn(refusedForget.blocks)).toHaveLength(0);

    // The same buttons replayed from another workspace find no such candidate there.
    expect((await click(overridePick, ADMIN, "T0OTHER001")).text).toMatch(/no longer on record/);
    expect((await click(forgetPick, ADMIN, "T0OTHER001")).text).toMatch(/no longer on record/);
    // A tampered value is one sentence, not a confirmation.
    const tampered = await click({ actionId: "candidate_override_pick:0", value: '{"c":"x"' });
    expect(tampered.text).toMatch(/^Invalid override button/);

    const after = await johnDoes();
    expect(after).toEqual(before);
    expect(await ctx.db.select().from(scoreOverrides)).toHaveLength(1);
  });

  it("forget: pick buttons, then that candidate's confirmation, then only they are deleted", async () => {
    const before = await johnDoes();
    if (!before.python || !before.data) throw new Error("both John Does should be stored");

    const pick = await command("forget John Doe");
    expect(pick.text).toMatch(/Several candidates match/);
    expect(textOf(pick.blocks)).toContain("delete");
    const picks = buttonsIn(pick.blocks).filter((b) =>
      b.actionId.startsWith("candidate_forget_pick"),
    );
    expect(picks.map((b) => b.value).sort()).toEqual([before.python.id, before.data.id].sort());
    const cancel = buttonsIn(pick.blocks).find((b) => b.actionId === "candidate_admin_cancel");
    expect(cancel).toBeDefined();

    const confirm = await click(picks.find((b) => b.value === before.python?.id));
    expect(confirm.replace_original).toBe(true);
    expect(textOf(confirm.blocks)).toContain(PYTHON);
    expect(textOf(confirm.blocks)).not.toContain(DATA);
    const del = buttonsIn(confirm.blocks).find((b) => b.actionId === "candidate_forget_confirm");
    expect(del?.value).toBe(before.python.id);
    expect((await johnDoes()).python).toBeDefined();

    const done = await click(del);
    expect(done.text).toMatch(/Deleted: 1 interview/);
    const after = await johnDoes();
    expect(after.python).toBeUndefined();
    expect(after.data).toEqual(before.data);
    const [audit] = await auditsOf(before.python.id, "forget");
    expect(audit).toMatchObject({ actorId: ADMIN, channelId: CHANNEL });
    expect(JSON.stringify(audit)).not.toContain("John");
    expect(await auditsOf(before.data.id, "forget")).toHaveLength(0);
  });
});

interface Message {
  response_type?: string;
  replace_original?: boolean;
  text: string;
  blocks?: unknown[];
}
