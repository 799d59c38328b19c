import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { auditLog, digestSubscriptions } from "../../src/db/schema.js";
import { handleDigestCommand } from "../../src/digest/command.js";
import { parseSubscribeArgs, tokenize } from "../../src/digest/command-args.js";
import { listSubscriptions } from "../../src/digest/subscriptions.js";
import { AppError } from "../../src/errors.js";
import { describeEachDb } from "../helpers/db.js";
import { seedInterviews, TEAM } from "./seed.js";

const config = loadConfig({ TZ: "America/Chicago" });
const now = new Date("2026-11-25T15:00:00Z"); // a Wednesday

describe("tokenize and parseSubscribeArgs", () => {
  it("keeps quoted phrases, straight or curly, together", () => {
    expect(tokenize(["subscribe", 'role="Backend', 'Engineer"', "fri"])).toEqual([
      "subscribe",
      "role=Backend Engineer",
      "fri",
    ]);
    expect(tokenize(["role=“Data", "Scientist”"])).toEqual(["role=Data Scientist"]);
  });

  it("reads weekday, time, zone and options in any order", () => {
    expect(
      parseSubscribeArgs([
        "Europe/Berlin",
        "5:30pm",
        "friday",
        "min=Strong",
        "role=Backend",
        "scope=workspace",
      ]),
    ).toEqual({
      weekday: 5,
      timeOfDay: "17:30",
      timezone: "Europe/Berlin",
      role: "Backend",
      minTier: "strong",
      scope: "workspace",
    });
    expect(parseSubscribeArgs([])).toMatchObject({
      weekday: undefined,
      timeOfDay: undefined,
      scope: "channel",
    });
  });

  it.each([
    [["mnday"], /"mnday" is not a weekday, a time or a time zone/],
    [["25:00"], /"25:00" is not a valid time of day; use 24-hour HH:MM/],
    [["9"], /"9" is not a valid time of day/],
    [["Europe/Londn"], /"Europe\/Londn" is not a time zone I know; use an IANA name/],
    [["min=great"], /"great" is not a tier; use one of weak, average, strong, exceptional/],
    [["scope=everyone"], /"everyone" is not a scope/],
    [["colour=blue"], /"colour=" is not an option/],
  ])("explains %j in one sentence", (tokens, message) => {
    let error: unknown;
    try {
      parseSubscribeArgs(tokens);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("USAGE");
    expect((error as AppError).message).toMatch(message);
    expect((error as AppError).message.split(". ").length).toBe(1);
  });
});

describeEachDb("handleDigestCommand", (ctx) => {
  const deps = () => ({ db: ctx.db, config, now: () => now });
  const member = (channelId: string, args: string[]) => ({
    teamId: TEAM,
    channelId,
    userId: "U_MEMBER",
    isAdmin: false,
    isChannelMember: true,
    args,
  });

  it("subscribes with Monday 09:00 in the subscriber's own time zone by default", async () => {
    const asked: string[] = [];
    const reply = await handleDigestCommand(
      {
        ...deps(),
        userTimezone: async () => {
          asked.push("tz");
          return "Europe/Madrid";
        },
      },
      member("C_DEF", ["subscribe"]),
    );
    expect(asked).toHaveLength(1);
    expect(reply.text).toBe(
      "This channel will get the hiring digest every Monday 09:00 (Europe/Madrid). The first one arrives Mon Nov 30, 09:00. Times are in your Slack time zone; add a zone (e.g. `Europe/London`) to choose another.",
    );
    const [row] = await ctx.db
      .select()
      .from(digestSubscriptions)
      .where(eq(digestSubscriptions.channelId, "C_DEF"));
    expect(row).toMatchObject({
      weekday: 1,
      timeOfDay: "09:00",
      timezone: "Europe/Madrid",
      scope: "channel",
      active: true,
      createdBy: "U_MEMBER",
      updatedBy: "U_MEMBER",
    });
    expect(row?.activeSince).toEqual(now);
    const audits = await ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.channelId, "C_DEF"), eq(auditLog.action, "subscribe")));
    expect(audits).toHaveLength(1);
  });

  it("falls back to the TZ setting when Slack gives no time zone, and says so", async () => {
    const reply = await handleDigestCommand(
      { ...deps(), userTimezone: async () => undefined },
      member("C_TZ", ["subscribe", "thu", "08:15"]),
    );
    expect(reply.text).toMatch(
      /every Thursday 08:15 \(America\/Chicago\)\. The first one arrives Thu Nov 26, 08:15\. Slack did not tell me your time zone/,
    );
  });

  it("ignores a subscriber time zone this runtime does not know; a named zone wins", async () => {
    const reply = await handleDigestCommand(
      { ...deps(), userTimezone: async () => "Not/AZone" },
      member("C_BADTZ", ["subscribe"]),
    );
    expect(reply.text).toMatch(/every Monday 09:00 \(America\/Chicago\)/);
    let asked = false;
    const named = await handleDigestCommand(
      {
        ...deps(),
        userTimezone: async () => {
          asked = true;
          return "Europe/Madrid";
        },
      },
      member("C_BADTZ", ["subscribe", "Asia/Tokyo"]),
    );
    expect(named.text).toMatch(/\(Asia\/Tokyo\)\. The first one arrives [^.]+\.$/);
    expect(asked).toBe(false);
  });

  it("changes an existing subscription in place and reports options", async () => {
    await handleDigestCommand(deps(), member("C_CHG", ["subscribe"]));
    const reply = await handleDigestCommand(
      deps(),
      member("C_CHG", [
        "subscribe",
        "fri",
        "16:00",
        "UTC",
        'role="Data',
        'Scientist"',
        "min=strong",
      ]),
    );
    expect(reply.text).toBe(
      "This channel will get the hiring digest every Friday 16:00 (UTC) (roles matching “Data Scientist”, listing strong and above). The first one arrives Fri Nov 27, 16:00.",
    );
    const rows = await ctx.db
      .select()
      .from(digestSubscriptions)
      .where(eq(digestSubscriptions.channelId, "C_CHG"));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ roleFilter: "Data Scientist", minTier: "strong", weekday: 5 });
  });

  it("lets only channel members or admins change a subscription, and only admins cover the workspace", async () => {
    const outsider = { ...member("C_PERM", ["subscribe"]), isChannelMember: false };
    await expect(handleDigestCommand(deps(), outsider)).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "Only members of this channel or hiring admins can change this channel's digest.",
    });
    await expect(
      handleDigestCommand(deps(), { ...outsider, args: ["unsubscribe"] }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      handleDigestCommand(deps(), member("C_PERM", ["subscribe", "scope=workspace"])),
    ).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "Only hiring admins can subscribe a channel to the whole workspace's digest.",
    });
    const admin = {
      ...outsider,
      userId: "U_ADMIN",
      isAdmin: true,
      args: ["subscribe", "scope=workspace"],
    };
    expect((await handleDigestCommand(deps(), admin)).text).toMatch(/covering the whole workspace/);
  });

  it("shows status, unsubscribes, and says so when there is nothing to stop", async () => {
    expect((await handleDigestCommand(deps(), member("C_ST", ["status"]))).text).toMatch(
      /^This channel is not subscribed/,
    );
    await handleDigestCommand(deps(), member("C_ST", ["subscribe", "tue", "10:00", "UTC"]));
    expect((await handleDigestCommand(deps(), member("C_ST", ["status"]))).text).toBe(
      "The hiring digest is posted here every Tuesday 10:00 (UTC), set by <@U_MEMBER>. Next: Tue Dec 1, 10:00. Times are in UTC.",
    );
    expect((await handleDigestCommand(deps(), member("C_ST", ["unsubscribe"]))).text).toBe(
      "This channel will no longer get the hiring digest.",
    );
    expect((await handleDigestCommand(deps(), member("C_ST", ["status"]))).text).toBe(
      "The hiring digest is off for this channel. Unsubscribed by <@U_MEMBER>.",
    );
    expect((await handleDigestCommand(deps(), member("C_ST", ["unsubscribe"]))).text).toBe(
      "This channel is not subscribed to the hiring digest.",
    );
  });

  it("previews the last 7 days of the channel's uploads", async () => {
    await seedInterviews(ctx.db, [
      {
        channelId: "C_PRE",
        name: "Preview Person",
        tier: "strong",
        score: 81,
        interviewedAt: new Date("2026-11-23T10:00:00Z"),
      },
      { channelId: "C_OTHER", name: "Elsewhere", interviewedAt: new Date("2026-11-23T10:00:00Z") },
    ]);
    const reply = await handleDigestCommand(deps(), member("C_PRE", ["preview"]));
    const json = JSON.stringify(reply.blocks);
    expect(json).toContain("Preview Person");
    expect(json).not.toContain("Elsewhere");
    expect(json).toContain("Preview of the last 7 days: only you can see this.");
    await expect(
      handleDigestCommand(deps(), { ...member("C_PRE", ["preview"]), isChannelMember: false }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("answers help and rejects an unknown subcommand", async () => {
    expect((await handleDigestCommand(deps(), member("C_H", []))).text).toMatch(/digest subscribe/);
    await expect(handleDigestCommand(deps(), member("C_H", ["frobnicate"]))).rejects.toThrow(
      '"frobnicate" is not a digest command; use subscribe, unsubscribe, status or preview.',
    );
  });

  it("lists subscriptions of the given channels for App Home", async () => {
    await handleDigestCommand(deps(), member("C_HOME1", ["subscribe"]));
    await handleDigestCommand(deps(), member("C_HOME2", ["subscribe", "wed", "12:00", "UTC"]));
    const list = await listSubscriptions(ctx.db, {
      teamId: TEAM,
      channelIds: ["C_HOME1", "C_HOME2", "C_NONE"],
      now,
    });
    expect(list.map((s) => [s.channelId, s.description, s.active, s.lastPostedAt])).toEqual([
      ["C_HOME1", "Monday 09:00 (America/Chicago)", true, null],
      ["C_HOME2", "Wednesday 12:00 (UTC)", true, null],
    ]);
    expect(list[1]?.nextDueAt).toEqual(new Date("2026-12-02T12:00:00Z"));
    expect(await listSubscriptions(ctx.db, { teamId: "T_ELSE", channelIds: ["C_HOME1"] })).toEqual(
      [],
    );
    expect(await listSubscriptions(ctx.db, { teamId: TEAM, channelIds: [] })).toEqual([]);
  });
});
