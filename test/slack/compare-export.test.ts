import { readFileSync } from "node:fs";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { auditLog, candidates } from "../../src/db/schema.js";
import { describeEachDb } from "../helpers/db.js";
import { blockActionPayload, sendCommand, sendInteraction } from "../helpers/slack-requests.js";
import type { SlackStandIn } from "../helpers/slack-stand-in.js";
import {
  ADMIN,
  buttonsIn,
  MEMBER,
  OUTSIDER,
  SIGNING_SECRET,
  secondBatchText,
  seedText,
  shareFile,
  startAppWithUploads,
  type TestApp,
  textOf,
} from "./harness.js";

const CHANNEL = "CHIRING017";
const PRIVATE = "CPRIVATE17";
const OTHER = "CRANDOM017";

const privateText = readFileSync(
  new URL("../fixtures/slack/transcripts/private-batch.txt", import.meta.url),
  "utf8",
);

interface Answer {
  response_type?: string;
  replace_original?: boolean;
  text: string;
  blocks?: Array<Record<string, unknown>>;
}

type Cell = { type: string; text: string };

/** The table block's rows as plain strings. */
function tableOf(answer: Answer): string[][] {
  const table = answer.blocks?.find((b) => b.type === "table") as { rows: Cell[][] } | undefined;
  if (!table) throw new Error(`no table in ${answer.text}`);
  for (const row of table.rows) for (const cell of row) expect(cell.text.length).toBeGreaterThan(0);
  return table.rows.map((row) => row.map((c) => c.text));
}

describeEachDb("/candidate compare and /candidate export, end to end", (ctx) => {
  let slack: SlackStandIn;
  let app: TestApp;

  beforeAll(async () => {
    ({ slack, app } = await startAppWithUploads(ctx.db, {
      channel: CHANNEL,
      members: { [CHANNEL]: [MEMBER, ADMIN], [PRIVATE]: [ADMIN], [OTHER]: [OUTSIDER] },
      files: [
        { name: "interview-examples.txt", content: seedText },
        { name: "second-batch.txt", content: secondBatchText },
      ],
    }));
    await shareFile(
      app,
      slack,
      { name: "private-batch.txt", content: privateText },
      { channel: PRIVATE, user: ADMIN },
    );
    await slack.waitForCalls("chat.postMessage", 3, 20_000);
    await app.deps.uploads.idle();
    slack.setChannelName(CHANNEL, "hiring-backend");
  });
  afterAll(async () => {
    await app?.stop();
    await slack?.close();
  });
  beforeEach(() => slack.reset());

  async function answerAt(responseUrl: string): Promise<Answer> {
    const path = new URL(responseUrl).pathname;
    for (let n = 1; ; n += 1) {
      const calls = await slack.waitForCalls("response_url", n);
      const call = calls.find((c) => c.path === path);
      if (call) return call.body as unknown as Answer;
    }
  }

  async function command(text: string, user = MEMBER, channel = CHANNEL): Promise<Answer> {
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
    return answerAt(responseUrl);
  }

  async function click(actionId: string, value: string, user = MEMBER): Promise<Answer> {
    const responseUrl = slack.responseUrl("action");
    const res = await sendInteraction(
      app.url,
      SIGNING_SECRET,
      blockActionPayload({
        actionId,
        value,
        userId: user,
        channelId: CHANNEL,
        teamId: slack.teamId,
        responseUrl,
      }),
    );
    expect(res.status).toBe(200);
    return answerAt(responseUrl);
  }

  async function candidateId(name: string): Promise<string> {
    const [row] = await ctx.db.select().from(candidates).where(eq(candidates.displayName, name));
    if (!row) throw new Error(`no candidate ${name}`);
    return row.id;
  }

  it("compares two candidates of one role question by question, in a table block", async () => {
    const answer = await command("compare Priya Raman, Tomas Ortega");
    expect(answer.response_type).toBe("ephemeral");
    const rows = tableOf(answer);
    expect(rows[0]).toEqual(["Question", "Priya Raman", "Tomás Ortega"]);
    const labels = rows.map((r) => r[0]);
    expect(labels).toContain("How would you design rate limiting for a public API?");
    expect(labels.slice(-5)).toEqual([
      "Overall score",
      "Tier",
      "Confidence",
      "Strengths",
      "Concerns",
    ]);
    expect(textOf(answer.blocks)).not.toContain("different questions");
    // Each answer cell: score · tier.
    expect(rows[1]?.[1]).toMatch(/^\d+ · (Weak|Average|Strong|Exceptional)$/);
    // Audited as a lookup of each, without names.
    const audits = await ctx.db
      .select()
      .from(auditLog)
      .where(
        and(
          eq(auditLog.candidateId, await candidateId("Priya Raman")),
          eq(auditLog.actorId, MEMBER),
        ),
      );
    expect(audits.at(-1)?.details).toMatchObject({ via: "compare", allowed: true });
    expect(JSON.stringify(audits)).not.toContain("Priya");
  });

  it("lines up candidates of different roles by position and says the questions differ", async () => {
    const rows = tableOf(await command("compare Amanda Foster vs Alex Thompson"));
    expect(rows[1]?.[0]).toBe("Q1 (different questions)");
    expect(rows[0]).toEqual(["Question", "Dr. Amanda Foster", "Alex Thompson"]);
  });

  it("names a candidate the requester may not see as not found, and shows an admin everything", async () => {
    const member = await command("compare Priya Raman, Zara Quinlan");
    expect(member.text).toMatch(/No candidate you can see matches “Zara Quinlan”/);
    expect(member.blocks?.some((b) => b.type === "table")).toBe(false);
    expect(textOf(member.blocks)).not.toMatch(/Kafka|Backend Engineer|Sliding/i);
    const zara = await candidateId("Zara Quinlan");
    const [refused] = await ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.candidateId, zara), eq(auditLog.actorId, MEMBER)));
    expect(refused?.details).toMatchObject({ via: "compare", allowed: false });
    // A name matching no one at all reads exactly the same.
    const nobody = await command("compare Priya Raman, Zebediah Quuxworth");
    expect(nobody.text.replace("Zebediah Quuxworth", "X")).toBe(
      member.text.replace("Zara Quinlan", "X"),
    );

    // The admin sees both; differently worded questions about the same thing share a row.
    const admin = tableOf(await command("compare Priya Raman, Zara Quinlan", ADMIN));
    expect(admin[0]).toEqual(["Question", "Priya Raman", "Zara Quinlan"]);
    const questionRows = admin.slice(1, -5);
    expect(questionRows).toHaveLength(2);
    for (const row of questionRows) expect(row.slice(1)).not.toContain("not asked");
  });

  it("offers Choose buttons for an ambiguous name, and a pick replaces them with the table", async () => {
    const answer = await command("compare John Doe, Jane Smith");
    expect(answer.text).toMatch(/match several candidates/);
    expect(answer.blocks?.some((b) => b.type === "table")).toBe(false);
    const choose = buttonsIn(answer.blocks).filter((b) =>
      b.actionId.startsWith("candidate_compare_pick"),
    );
    expect(choose).toHaveLength(2);
    expect(choose.every((b) => b.text === "Choose")).toBe(true);
    // Each button carries the request with its own pick and Jane Smith already resolved.
    const jane = await candidateId("Jane Smith");
    for (const b of choose) {
      const value = JSON.parse(b.value) as { q: string[]; ids: string[] };
      expect(value.q).toEqual(["John Doe", "Jane Smith"]);
      expect(value.ids[1]).toBe(jane);
    }
    const picked = await click(choose[1]?.actionId ?? "", choose[1]?.value ?? "");
    expect(picked.replace_original).toBe(true);
    const rows = tableOf(picked);
    expect(rows[0]).toEqual(["Question", "John Doe", "Jane Smith"]);
    // A forged pick of a hidden candidate is still "not found".
    const forged = JSON.stringify({
      q: ["John Doe", "Zara"],
      ids: [jane, await candidateId("Zara Quinlan")],
    });
    const refused = await click("candidate_compare_pick:0", forged);
    expect(refused.text).toMatch(/No candidate you can see matches “Zara”/);
  });

  it("refuses fewer than two or more than four names with the usage", async () => {
    expect((await command("compare Priya Raman")).text).toMatch(/2 to 4 names/);
    expect((await command("compare a, b, c, d, e")).text).toMatch(/2 to 4 names/);
  });

  it("exports the candidates the requester may see as a CSV in a DM with them only, audited", async () => {
    const answer = await command("export");
    expect(answer.text).toMatch(/sent you a CSV of \d+ candidates in our direct messages/);
    const [opened] = slack.calls("conversations.open");
    expect(opened?.body.users).toBe(MEMBER);
    const uploads = slack.uploads();
    expect(uploads).toHaveLength(1);
    const [upload] = uploads;
    expect(upload?.channel).toMatch(/^D/);
    expect(upload?.channel).not.toBe(CHANNEL);
    expect(upload?.filename).toMatch(/^candidates-\d{4}-\d{2}-\d{2}\.csv$/);
    // Nothing posted in the channel.
    expect(slack.calls("chat.postMessage")).toHaveLength(0);
    const csv = upload?.bytes?.toString("utf8") ?? "";
    const lines = csv
      .replace(/^\uFEFF/u, "")
      .trim()
      .split("\r\n");
    expect(lines[0]).toBe(
      "Name,Role,Tier,Score,Confidence,Interviewed at,Channel,Top strength,Top concern,Overridden tier,Overridden by",
    );
    expect(csv).toContain("Priya Raman,Backend Engineer,");
    expect(csv).toContain("#hiring-backend");
    // Hidden candidates stay hidden.
    expect(csv).not.toContain("Zara Quinlan");
    expect(csv).not.toContain("HYPERLINK");
    const [audit] = await ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "export"), eq(auditLog.actorId, MEMBER)));
    expect(audit?.details).toMatchObject({ rows: lines.length - 1, uploaded: true });
    expect(JSON.stringify(audit)).not.toContain("Priya");
  });

  it("neutralises formulas in an admin's export and applies the filters", async () => {
    await command("export role=ops engineer since=30d", ADMIN);
    const csv = slack.uploads()[0]?.bytes?.toString("utf8") ?? "";
    const lines = csv
      .replace(/^\uFEFF/u, "")
      .trim()
      .split("\r\n");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(
      /^"'=HYPERLINK\(""http:\/\/evil\.example\/x""\) Smith",'\+Ops Engineer,/,
    );
    for (const line of lines) expect(line).not.toMatch(/(^|,)"?[=+\-@]/u);

    // Filter by a tier the scorer actually gave someone, and only that tier comes back.
    const tiersIn = () =>
      (slack.uploads()[0]?.bytes?.toString("utf8") ?? "")
        .trim()
        .split("\r\n")
        .slice(1)
        .map((l) => l.split(",")[2]);
    slack.reset();
    await command("export", ADMIN);
    const all = tiersIn();
    const tier = all.find((t) => t !== all[0]) ?? all[0];
    slack.reset();
    await command(`export tier=${tier}`, ADMIN);
    const tiers = tiersIn();
    expect(tiers.length).toBeGreaterThan(0);
    expect(tiers.length).toBeLessThan(all.length);
    expect(new Set(tiers)).toEqual(new Set([tier]));
  });

  it("sends nothing when nothing matches or the filter is wrong", async () => {
    const none = await command("export", OUTSIDER, OTHER);
    expect(none.text).toMatch(/nothing to export/);
    expect((await command("export tier=great")).text).toMatch(/not a tier/);
    expect((await command("export since=forever")).text).toMatch(/since=/);
    expect(slack.uploads()).toHaveLength(0);
    expect(slack.calls("files.getUploadURLExternal")).toHaveLength(0);
  });
});
