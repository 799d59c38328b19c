import { WebClient } from "@slack/web-api";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { type Db, openDb } from "../../src/db/client.js";
import { upsertSubscription } from "../../src/db/repositories/subscriptions.js";
import { digestDeliveries, digestSubscriptions } from "../../src/db/schema.js";
import { handleDigestCommand } from "../../src/digest/command.js";
import { claimDelivery, defaultTimings, findDue } from "../../src/digest/deliveries.js";
import { latestOccurrence, nextOccurrence, type Schedule } from "../../src/digest/schedule.js";
import { startDigestScheduler } from "../../src/digest/scheduler.js";
import type { Block as DigestBlock } from "../../src/format.js";
import { leaseTiming } from "../../src/lease.js";
import { createLogger } from "../../src/logger.js";
import { createDigestPorts, DIGEST_EVENT_TYPE } from "../../src/slack/digest-ports.js";
import { describeEachDb } from "../helpers/db.js";
import {
  type RecordedCall,
  type SlackStandIn,
  startSlackStandIn,
} from "../helpers/slack-stand-in.js";
import { seedInterviews, TEAM } from "./seed.js";

const config = loadConfig({ TZ: "UTC" });
const logger = createLogger({ LOG_LEVEL: "silent" });

let slack: SlackStandIn;
beforeAll(async () => {
  slack = await startSlackStandIn();
});
afterAll(async () => {
  await slack.close();
});

/** A WebClient like production's, with retries shortened so tests stay fast. */
function client(): WebClient {
  return new WebClient("xoxb-test-token", {
    slackApiUrl: slack.url,
    timeout: 1_000,
    retryConfig: { retries: 3, factor: 1, minTimeout: 20, maxTimeout: 50 },
  });
}

class Clock {
  constructor(public current: Date) {}
  now = (): Date => this.current;
  set(iso: string | Date): void {
    this.current = new Date(iso);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/**
 * A dead replica's lease: short, so a test waits a few hundred ms of real time for it to lapse
 * (leases run on the database's clock, which the test's Clock does not move).
 */
const DEAD_LEASE_MS = 400;
const deadReplica = { ...defaultTimings, lease: leaseTiming(DEAD_LEASE_MS) };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The owner named in a claim token (`owner:random`). */
const ownerOf = (token: string | null | undefined) => token?.split(":")[0];

function scheduler(db: Db, clock: Clock, instanceId = "replica-a", timings = {}) {
  return startDigestScheduler({
    db,
    ports: createDigestPorts(client(), logger),
    config,
    logger,
    instanceId,
    now: clock.now,
    cron: false,
    timings,
  });
}

async function subscribe(db: Db, channelId: string, schedule: Schedule, at: Date, extra = {}) {
  return upsertSubscription(
    db,
    {
      teamId: TEAM,
      channelId,
      schedule,
      roleFilter: null,
      minTier: null,
      scope: "channel",
      ...extra,
    },
    "U_MEMBER",
    at,
  );
}

const posts = (channel?: string): RecordedCall[] =>
  slack
    .calls("chat.postMessage")
    .filter((c) => c.answeredWith === "ok" && (!channel || c.body.channel === channel));
const periodOf = (c: RecordedCall) =>
  (c.body.metadata as { event_payload: { period_key: string } }).event_payload.period_key;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describeEachDb("digest scheduler", (ctx) => {
  afterEach(async () => {
    await ctx.db.delete(digestSubscriptions);
    slack.reset();
  });

  it("posts one digest per subscription per week over a simulated year, across DST changes", async () => {
    const start = new Date("2026-01-01T00:00:00Z");
    const end = new Date("2027-01-01T00:00:00Z");
    const clock = new Clock(start);
    const schedules: Record<string, Schedule> = {
      C_LONDON: { weekday: 1, timeOfDay: "09:00", timezone: "Europe/London" },
      C_NEWYORK: { weekday: 5, timeOfDay: "17:30", timezone: "America/New_York" },
      // Sydney's clocks jump 02:00 → 03:00 on the first Sunday of October.
      C_SYDNEY: { weekday: 0, timeOfDay: "02:30", timezone: "Australia/Sydney" },
      C_KOLKATA: { weekday: 3, timeOfDay: "12:00", timezone: "Asia/Kolkata" },
    };
    for (const [channel, schedule] of Object.entries(schedules)) {
      await subscribe(ctx.db, channel, schedule, start);
    }
    await seedInterviews(
      ctx.db,
      Array.from({ length: 60 }, (_, i) => ({
        channelId: Object.keys(schedules)[i % 4] ?? "C_LONDON",
        name: `Person ${i}`,
        interviewedAt: new Date(start.getTime() + i * 6 * DAY),
      })),
    );

    // Ticks: shortly after every due time, plus one every 8–12 hours in between.
    const expected = new Map<string, number[]>();
    const ticks: number[] = [];
    let seed = 42;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    for (const [channel, schedule] of Object.entries(schedules)) {
      const dues: number[] = [];
      for (
        let due = nextOccurrence(schedule, start);
        due < end;
        due = nextOccurrence(schedule, due)
      ) {
        dues.push(due.getTime());
        ticks.push(due.getTime() + Math.floor(random() * 10 * 60_000));
      }
      expected.set(channel, dues);
    }
    for (
      let t = start.getTime();
      t < end.getTime();
      t += 8 * HOUR + Math.floor(random() * 4 * HOUR)
    ) {
      ticks.push(t);
    }
    ticks.sort((a, b) => a - b);

    const s = scheduler(ctx.db, clock);
    for (const t of ticks) {
      clock.set(new Date(t));
      await s.tick();
    }

    for (const [channel, dues] of expected) {
      const sent = posts(channel);
      expect(sent.length, channel).toBe(dues.length);
      expect(new Set(sent.map(periodOf)).size, channel).toBe(dues.length);
      expect(sent.some((c) => String(c.body.text).includes("posted late"))).toBe(false);
    }
    // Windows chain exactly: each digest starts where the previous one ended.
    const rows = await ctx.db
      .select()
      .from(digestDeliveries)
      .orderBy(digestDeliveries.subscriptionId, digestDeliveries.dueAt);
    const bySub = new Map<string, typeof rows>();
    for (const r of rows) bySub.set(r.subscriptionId, [...(bySub.get(r.subscriptionId) ?? []), r]);
    for (const list of bySub.values()) {
      expect(list.every((r) => r.status === "posted" && r.attempts === 1 && r.messageTs)).toBe(
        true,
      );
      for (let i = 1; i < list.length; i++) {
        expect(list[i]?.periodStart.getTime()).toBe(list[i - 1]?.periodEnd.getTime());
      }
    }
    // The London digest after the spring-forward is due at 09:00 BST (08:00 UTC).
    const london = posts("C_LONDON").map((c) => c.body.metadata);
    expect(london.length).toBeGreaterThan(50);
    const [londonSub] = await ctx.db
      .select()
      .from(digestSubscriptions)
      .where(eq(digestSubscriptions.channelId, "C_LONDON"));
    const march30 = rows.find(
      (r) => r.subscriptionId === londonSub?.id && r.periodKey === "2026-W14",
    );
    expect(march30?.dueAt.toISOString()).toBe("2026-03-30T08:00:00.000Z");
    expect(march30?.periodStart.toISOString()).toBe("2026-03-23T09:00:00.000Z");
  }, 180_000);

  it("two scheduler instances on one database never post the same period twice", async () => {
    const start = new Date("2026-06-01T00:00:00Z");
    const clock = new Clock(start);
    const channels = Array.from({ length: 12 }, (_, i) => `C_TWIN${i}`);
    for (const [i, channel] of channels.entries()) {
      await subscribe(
        ctx.db,
        channel,
        { weekday: (i % 3) + 1, timeOfDay: "09:00", timezone: "UTC" },
        start,
      );
    }
    // Slow posts widen the window in which the two instances race.
    slack.always("chat.postMessage", { delayMs: 5 });
    const second =
      ctx.driver === "postgres" && ctx.testDb.url
        ? await openDb({ databaseUrl: ctx.testDb.url, maxConnections: 3, migrate: false })
        : undefined;
    try {
      const a = scheduler(ctx.db, clock, "replica-a");
      const b = scheduler(second?.db ?? ctx.db, clock, "replica-b");
      const weeks = 4;
      for (let hour = 0; hour < weeks * 7 * 24; hour += 3) {
        clock.set(new Date(start.getTime() + hour * HOUR + 60_000));
        await Promise.all([a.tick(), b.tick(), a.tick()]);
      }
      const sent = posts();
      const pairs = sent.map((c) => `${c.body.channel}|${periodOf(c)}`);
      expect(new Set(pairs).size).toBe(pairs.length);
      expect(sent.length).toBe(channels.length * weeks);
      const claimers = new Set(
        (await ctx.db.select().from(digestDeliveries)).map((r) => ownerOf(r.claimedBy)),
      );
      if (ctx.driver === "postgres") expect(claimers.size).toBe(2);
    } finally {
      await second?.close();
    }
  });

  it("retries a claim whose replica died before posting, exactly once", async () => {
    const due = new Date("2026-09-07T09:00:00Z"); // a Monday
    const clock = new Clock(new Date(due.getTime() - DAY));
    await subscribe(
      ctx.db,
      "C_CRASH",
      { weekday: 1, timeOfDay: "09:00", timezone: "UTC" },
      clock.now(),
    );
    clock.set(new Date(due.getTime() + 30_000));
    // Replica "dead" claims, then dies before posting (its heartbeat stops).
    const [plan] = await findDue(ctx.db, clock.now());
    if (!plan) throw new Error("nothing due");
    const claim = await claimDelivery(ctx.db, plan, "dead", clock.now(), deadReplica);
    claim?.stop();
    expect(ownerOf(claim?.row.claimedBy)).toBe("dead");

    const survivor = scheduler(ctx.db, clock, "survivor");
    clock.advance(60_000);
    expect(await survivor.tick()).toMatchObject({ due: 0, posted: 0 });
    expect(posts("C_CRASH")).toHaveLength(0);

    await sleep(DEAD_LEASE_MS + 100); // past the dead replica's lease
    expect(await survivor.tick()).toMatchObject({ claimed: 1, posted: 1 });
    // It first checked whether the dead replica had posted after all.
    expect(slack.calls("conversations.history")).toHaveLength(1);
    for (let i = 0; i < 10; i++) {
      clock.advance(10 * 60_000);
      await survivor.tick();
    }
    expect(posts("C_CRASH")).toHaveLength(1);
    const [row] = await ctx.db.select().from(digestDeliveries);
    expect(row).toMatchObject({ status: "posted", attempts: 2, late: false });
    expect(ownerOf(row?.claimedBy)).toBe("survivor");
  });

  it("does not post again when the dead replica had posted but not recorded it", async () => {
    const due = new Date("2026-09-14T09:00:00Z");
    const clock = new Clock(new Date(due.getTime() - DAY));
    await subscribe(
      ctx.db,
      "C_HALF",
      { weekday: 1, timeOfDay: "09:00", timezone: "UTC" },
      clock.now(),
    );
    clock.set(new Date(due.getTime() + 30_000));
    const [plan] = await findDue(ctx.db, clock.now());
    if (!plan) throw new Error("nothing due");
    const claim = await claimDelivery(ctx.db, plan, "dead", clock.now(), deadReplica);
    if (!claim) throw new Error("not claimed");
    claim.stop();
    slack.script("conversations.history", [
      {
        body: {
          ok: true,
          messages: [
            { type: "message", ts: "1789000000.000100", text: "other" },
            {
              type: "message",
              ts: "1789000000.000200",
              text: "Hiring digest",
              metadata: {
                event_type: DIGEST_EVENT_TYPE,
                event_payload: { delivery_id: claim.row.id },
              },
            },
          ],
          has_more: false,
        },
      },
    ]);
    await sleep(DEAD_LEASE_MS + 100);
    const result = await scheduler(ctx.db, clock, "survivor").tick();
    expect(result).toMatchObject({ claimed: 1, recovered: 1, posted: 0 });
    expect(posts("C_HALF")).toHaveLength(0);
    const [row] = await ctx.db.select().from(digestDeliveries);
    expect(row).toMatchObject({ status: "posted", messageTs: "1789000000.000200" });
  });

  it("honours Retry-After on a 429, then posts once", async () => {
    const clock = new Clock(new Date("2026-10-05T08:00:00Z"));
    await subscribe(
      ctx.db,
      "C_RATE",
      { weekday: 1, timeOfDay: "09:00", timezone: "UTC" },
      clock.now(),
    );
    slack.script("chat.postMessage", [{ status: 429, retryAfter: 1 }, "ok"]);
    clock.set("2026-10-05T09:00:10Z");
    const result = await scheduler(ctx.db, clock).tick();
    expect(result).toMatchObject({ posted: 1, retrying: 0 });
    const calls = slack.calls("chat.postMessage");
    expect(calls.map((c) => c.answeredWith)).toEqual(["429", "ok"]);
    expect((calls[1]?.at ?? 0) - (calls[0]?.at ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it("retries 5xx answers and a hung request with backoff, then posts once", async () => {
    const clock = new Clock(new Date("2026-10-12T08:00:00Z"));
    await subscribe(
      ctx.db,
      "C_FLAKY",
      { weekday: 1, timeOfDay: "09:00", timezone: "UTC" },
      clock.now(),
    );
    slack.script("chat.postMessage", [{ status: 503 }, "hang", { status: 500 }, "ok"]);
    clock.set("2026-10-12T09:00:10Z");
    const result = await scheduler(ctx.db, clock).tick();
    expect(result).toMatchObject({ posted: 1 });
    expect(slack.calls("chat.postMessage").map((c) => c.answeredWith)).toEqual([
      "503",
      "hang",
      "500",
      "ok",
    ]);
  });

  it("releases a failed attempt for a later tick and gives up after the attempt limit", async () => {
    const clock = new Clock(new Date("2026-10-19T08:00:00Z"));
    await subscribe(
      ctx.db,
      "C_AUTH",
      { weekday: 1, timeOfDay: "09:00", timezone: "UTC" },
      clock.now(),
    );
    slack.always("chat.postMessage", { error: "invalid_auth" });
    // Backoff 20, 40 ms (database clock): each tick, 60 ms apart, finds the retry due.
    const s = scheduler(ctx.db, clock, "replica-a", { maxAttempts: 3, retryBackoffMs: 20 });
    clock.set("2026-10-19T09:00:10Z");
    const results = [];
    for (let i = 0; i < 12; i++) {
      results.push(await s.tick());
      clock.advance(2 * 60_000);
      await sleep(60);
    }
    expect(results.map((r) => r.retrying + r.failed).reduce((a, b) => a + b)).toBe(3);
    expect(results.filter((r) => r.failed === 1)).toHaveLength(1);
    const [row] = await ctx.db.select().from(digestDeliveries);
    expect(row).toMatchObject({ status: "failed", attempts: 3, error: "slack: invalid_auth" });
    expect(slack.calls("chat.postMessage")).toHaveLength(3);
    const status = await handleDigestCommand(
      { db: ctx.db, config, now: clock.now },
      {
        teamId: TEAM,
        channelId: "C_AUTH",
        userId: "U1",
        isAdmin: false,
        isChannelMember: true,
        args: ["status"],
      },
    );
    expect(status.text).toMatch(/The latest digest could not be posted \(slack: invalid_auth\)\.$/);
  });

  it("disables the subscription of a channel the app was removed from, recording why", async () => {
    const clock = new Clock(new Date("2026-10-26T08:00:00Z"));
    await subscribe(
      ctx.db,
      "C_GONE",
      { weekday: 1, timeOfDay: "09:00", timezone: "UTC" },
      clock.now(),
    );
    await subscribe(
      ctx.db,
      "C_DELETED",
      { weekday: 1, timeOfDay: "09:00", timezone: "UTC" },
      clock.now(),
    );
    await subscribe(
      ctx.db,
      "C_STAYS",
      { weekday: 1, timeOfDay: "09:00", timezone: "UTC" },
      clock.now(),
    );
    slack.always("chat.postMessage", undefined);
    const s = scheduler(ctx.db, clock);
    clock.set("2026-10-26T09:00:10Z");
    // Posts go one after another in subscription order; answer each by its channel.
    const order = (await findDue(ctx.db, clock.now())).map((p) => p.subscription.channelId);
    slack.script(
      "chat.postMessage",
      order.map((channel) =>
        channel === "C_GONE"
          ? { error: "not_in_channel" }
          : channel === "C_DELETED"
            ? { error: "channel_not_found" }
            : ("ok" as const),
      ),
    );
    expect(await s.tick()).toMatchObject({ disabled: 2, posted: 1 });
    const subs = await ctx.db.select().from(digestSubscriptions);
    const gone = subs.find((x) => x.channelId === "C_GONE");
    expect(gone).toMatchObject({ active: false });
    expect(gone?.disabledReason).toMatch(/not_in_channel/);
    expect(subs.find((x) => x.channelId === "C_DELETED")?.disabledReason).toMatch(
      /channel_not_found/,
    );
    expect(subs.find((x) => x.channelId === "C_STAYS")?.active).toBe(true);
    // Next week only the remaining channel is posted to.
    clock.set("2026-11-02T09:00:10Z");
    await s.tick();
    expect(slack.calls("chat.postMessage").filter((c) => c.body.channel === "C_GONE")).toHaveLength(
      1,
    );
    expect(posts("C_STAYS")).toHaveLength(2);
  });

  it("catches up missed weeks once, late and labelled, covering the whole gap", async () => {
    const clock = new Clock(new Date("2026-02-01T00:00:00Z"));
    const schedule: Schedule = { weekday: 1, timeOfDay: "09:00", timezone: "Europe/Paris" };
    await subscribe(ctx.db, "C_LATE", schedule, clock.now());
    await seedInterviews(ctx.db, [
      { channelId: "C_LATE", name: "Week one", interviewedAt: new Date("2026-02-04T10:00:00Z") },
      {
        channelId: "C_LATE",
        name: "During outage",
        interviewedAt: new Date("2026-02-11T10:00:00Z"),
      },
      { channelId: "C_LATE", name: "Also outage", interviewedAt: new Date("2026-02-18T10:00:00Z") },
    ]);
    const s = scheduler(ctx.db, clock);
    clock.set("2026-02-09T08:01:00Z"); // Monday 09:01 Paris
    await s.tick();
    expect(posts("C_LATE")).toHaveLength(1);
    // Every replica is down until Wednesday of the third week after.
    clock.set("2026-02-25T15:00:00Z");
    for (let i = 0; i < 48; i++) {
      await s.tick();
      clock.advance(HOUR);
    }
    const sent = posts("C_LATE");
    expect(sent).toHaveLength(2);
    const late = sent[1];
    expect(String(late?.body.text)).toContain("posted late");
    expect(JSON.stringify(late?.body.blocks)).toContain(
      "Posted late: this digest was due Mon Feb 23, 09:00.",
    );
    // The catch-up covers both missed weeks, so the outage's interviews are reported.
    expect(String(late?.body.text)).toContain("2 interviews");
    const rows = await ctx.db.select().from(digestDeliveries).orderBy(digestDeliveries.dueAt);
    expect(rows.map((r) => [r.periodKey, r.late])).toEqual([
      ["2026-W07", false],
      ["2026-W09", true],
    ]);
    expect(rows[1]?.periodStart.toISOString()).toBe(rows[0]?.periodEnd.toISOString());
    // The following Monday is on time again.
    clock.set("2026-03-02T08:00:30Z");
    await s.tick();
    expect(posts("C_LATE")).toHaveLength(3);
    expect(String(posts("C_LATE")[2]?.body.text)).not.toContain("late");
  });

  it("closes a stale claim from an earlier week once a later digest covers it", async () => {
    const clock = new Clock(new Date("2026-04-01T00:00:00Z"));
    await subscribe(
      ctx.db,
      "C_STALE",
      { weekday: 1, timeOfDay: "09:00", timezone: "UTC" },
      clock.now(),
    );
    clock.set("2026-04-06T09:00:30Z");
    const [plan] = await findDue(ctx.db, clock.now());
    if (!plan) throw new Error("nothing due");
    (await claimDelivery(ctx.db, plan, "dead", clock.now()))?.stop();
    // Every replica stays down until the next Monday.
    clock.set("2026-04-13T09:00:30Z");
    expect(await scheduler(ctx.db, clock).tick()).toMatchObject({ posted: 1 });
    const rows = await ctx.db.select().from(digestDeliveries).orderBy(digestDeliveries.dueAt);
    expect(rows.map((r) => [r.periodKey, r.status])).toEqual([
      ["2026-W15", "failed"],
      ["2026-W16", "posted"],
    ]);
    expect(rows[0]?.error).toBe("superseded by the digest for 2026-W16");
    // Nothing was ever posted, so the digest reaches back over the dead replica's week too.
    expect(rows[1]?.periodStart.toISOString()).toBe("2026-03-30T09:00:00.000Z");
  });

  it("does not treat a time that passed before subscribing as missed", async () => {
    const clock = new Clock(new Date("2026-03-10T12:00:00Z")); // Tuesday
    await subscribe(
      ctx.db,
      "C_NEW",
      { weekday: 1, timeOfDay: "09:00", timezone: "UTC" },
      clock.now(),
    );
    const s = scheduler(ctx.db, clock);
    await s.tick();
    clock.set("2026-03-15T23:00:00Z");
    await s.tick();
    expect(posts("C_NEW")).toHaveLength(0);
    clock.set("2026-03-16T09:00:05Z");
    await s.tick();
    expect(posts("C_NEW")).toHaveLength(1);
  });

  it("posts an empty week as one line", async () => {
    const clock = new Clock(new Date("2026-04-01T00:00:00Z"));
    await subscribe(
      ctx.db,
      "C_QUIET",
      { weekday: 3, timeOfDay: "10:00", timezone: "UTC" },
      clock.now(),
    );
    clock.set("2026-04-08T10:00:30Z");
    await scheduler(ctx.db, clock).tick();
    const [post] = posts("C_QUIET");
    expect(post?.body.text).toBe("No interviews in <#C_QUIET> for Apr 1 – Apr 8, 2026.");
    expect(post?.body.blocks).toHaveLength(1);
  });

  it("posts a 300-candidate week within Slack's block limits, in one message", async () => {
    const clock = new Clock(new Date("2026-05-01T00:00:00Z"));
    await subscribe(
      ctx.db,
      "C_BUSY",
      { weekday: 1, timeOfDay: "09:00", timezone: "UTC" },
      clock.now(),
    );
    await seedInterviews(
      ctx.db,
      Array.from({ length: 300 }, (_, i) => ({
        channelId: "C_BUSY",
        name: `Busy Candidate ${i} ${"with a very long name ".repeat(3)}`,
        score: (i * 7) % 100,
        tier: (["weak", "average", "strong", "exceptional"] as const)[i % 4],
        confidence: i % 9 === 0 ? 0.3 : 0.9,
        reason: `Reason ${i}: ${"detailed explanation ".repeat(20)}`,
        flags:
          i % 10 === 0
            ? [
                {
                  kind: "phantom_reference" as const,
                  n: 2,
                  message: "Refers to a portfolio never shared.",
                },
              ]
            : [],
        interviewedAt: new Date(Date.parse("2026-05-04T10:00:00Z") + i * 60_000),
      })),
    );
    clock.set("2026-05-11T09:00:30Z");
    await scheduler(ctx.db, clock).tick();
    const sent = posts("C_BUSY");
    expect(sent).toHaveLength(1);
    const blocks = sent[0]?.body.blocks as DigestBlock[];
    expect(blocks.length).toBeLessThanOrEqual(50);
    for (const b of blocks) {
      if (b.type === "section") expect(b.text?.text.length ?? 0).toBeLessThanOrEqual(3000);
    }
    expect(JSON.stringify(blocks)).toContain("300 interviews");
    expect(JSON.stringify(blocks)).toMatch(/…and 290 more \(/);
    expect(String(sent[0]?.body.text).length).toBeLessThanOrEqual(3000);
  });

  it("skips a subscription stored with an unknown time zone without blocking the others", async () => {
    const clock = new Clock(new Date("2026-08-01T00:00:00Z"));
    await ctx.db.insert(digestSubscriptions).values({
      teamId: TEAM,
      channelId: "C_MARS",
      timezone: "Mars/Olympus_Mons",
      createdBy: "U1",
      updatedBy: "U1",
      activeSince: clock.now(),
    });
    await subscribe(
      ctx.db,
      "C_EARTH",
      { weekday: 1, timeOfDay: "09:00", timezone: "UTC" },
      clock.now(),
    );
    clock.set("2026-08-03T09:00:30Z");
    expect(await scheduler(ctx.db, clock).tick()).toMatchObject({ due: 1, posted: 1 });
    expect(posts("C_EARTH")).toHaveLength(1);
  });

  it("stops posting once a channel unsubscribes", async () => {
    const clock = new Clock(new Date("2026-07-01T00:00:00Z"));
    const sub = await subscribe(
      ctx.db,
      "C_BYE",
      { weekday: 1, timeOfDay: "09:00", timezone: "UTC" },
      clock.now(),
    );
    await ctx.db
      .update(digestSubscriptions)
      .set({ active: false, disabledReason: "Unsubscribed." })
      .where(eq(digestSubscriptions.id, sub.id));
    clock.set("2026-07-06T09:00:30Z");
    expect(await scheduler(ctx.db, clock).tick()).toMatchObject({ due: 0 });
    expect(posts("C_BYE")).toHaveLength(0);
    expect(
      latestOccurrence({ weekday: 1, timeOfDay: "09:00", timezone: "UTC" }, clock.now()),
    ).toEqual(new Date("2026-07-06T09:00:00Z"));
  });
});

describe("startDigestScheduler", () => {
  it("refuses an invalid cron expression in one sentence", async () => {
    const handle = await openDb({ dataDir: "memory://" });
    try {
      expect(() =>
        startDigestScheduler({
          db: handle.db,
          ports: createDigestPorts(client(), logger),
          config: { ...config, DIGEST_TICK_CRON: "every monday" },
          logger,
          instanceId: "x",
        }),
      ).toThrow(/DIGEST_TICK_CRON "every monday" is not a valid cron expression/);
    } finally {
      await handle.close();
    }
  });

  it("drives tick() from node-cron and stops cleanly", async () => {
    const handle = await openDb({ dataDir: "memory://" });
    try {
      // Due a minute ago, subscribed an hour ago: the first cron tick posts it.
      const now = new Date();
      const due = new Date(now.getTime() - 60_000);
      const schedule: Schedule = {
        weekday: due.getUTCDay(),
        timeOfDay: `${String(due.getUTCHours()).padStart(2, "0")}:${String(due.getUTCMinutes()).padStart(2, "0")}`,
        timezone: "UTC",
      };
      await upsertSubscription(
        handle.db,
        {
          teamId: TEAM,
          channelId: "C_CRON",
          schedule,
          roleFilter: null,
          minTier: null,
          scope: "channel",
        },
        "U1",
        new Date(now.getTime() - HOUR),
      );
      const s = startDigestScheduler({
        db: handle.db,
        ports: createDigestPorts(client(), logger),
        config: { ...config, DIGEST_TICK_CRON: "* * * * * *" },
        logger,
        instanceId: "cron",
      });
      await slack.waitForCalls("chat.postMessage", 1, 5_000);
      await s.stop();
      await s.tick(); // joins the cron-started tick if it is still recording the post
      expect(posts("C_CRON")).toHaveLength(1);
      expect(await s.tick()).toMatchObject({ due: 0, posted: 0 });
    } finally {
      slack.reset();
      await handle.close();
    }
  });
});
