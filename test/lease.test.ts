import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import type { Db } from "../src/db/client.js";
import { claimDeliveryRow } from "../src/db/repositories/deliveries.js";
import type { LeaseKind, LeasePatch } from "../src/db/repositories/leases.js";
import { upsertSubscription } from "../src/db/repositories/subscriptions.js";
import { claimUpload, recordUpload } from "../src/db/repositories/uploads.js";
import { digestDeliveries, transcripts } from "../src/db/schema.js";
import { acquireLease, type HeldLease, leaseTiming } from "../src/lease.js";
import { describeEachDb } from "./helpers/db.js";

/**
 * The lease engine on both kinds of work row it serves, on both databases. Time is the
 * database's: leases here are a few hundred ms and the tests wait for them in real time.
 */
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface WorkRow {
  /** Claims the row with the kind's own claim (what the upload job and the scheduler use). */
  claim(token: string, leaseMs: number): Promise<{ id: string } | undefined>;
  /** A write under the lease, and how to read it back. */
  patch(value: string): LeasePatch<LeaseKind>;
  written(): Promise<{ value: string | null; claimedBy: string | null }>;
}

let n = 0;

async function uploadRow(db: Db): Promise<WorkRow> {
  n += 1;
  const { transcript } = await recordUpload(db, {
    teamId: "T_LEASE",
    slackFileId: `FLEASE${String(n).padStart(5, "0")}`,
    channelId: "C1",
    messageTs: null,
    threadTs: null,
    uploaderId: "U1",
    fileName: "t.txt",
    sizeBytes: 1,
  });
  return {
    claim: (token, leaseMs) => claimUpload(db, transcript.id, token, leaseMs),
    // Each kind writes its own column; the engine is the same.
    patch: (value) => ({ errorMessage: value }) as LeasePatch<LeaseKind>,
    written: async () => {
      const [row] = await db.select().from(transcripts).where(eq(transcripts.id, transcript.id));
      return { value: row?.errorMessage ?? null, claimedBy: row?.claimedBy ?? null };
    },
  };
}

async function deliveryRow(db: Db): Promise<WorkRow> {
  n += 1;
  const at = new Date("2026-06-01T00:00:00Z");
  const sub = await upsertSubscription(
    db,
    {
      teamId: "T_LEASE",
      channelId: `CLEASE${n}`,
      schedule: { weekday: 1, timeOfDay: "09:00", timezone: "UTC" },
      roleFilter: null,
      minTier: null,
      scope: "channel",
    },
    "U1",
    at,
  );
  const key = {
    subscriptionId: sub.id,
    periodKey: "2026-W24",
    dueAt: new Date("2026-06-08T09:00:00Z"),
    start: new Date("2026-06-01T09:00:00Z"),
    end: new Date("2026-06-08T09:00:00Z"),
    late: false,
  };
  const read = async () =>
    (
      await db.select().from(digestDeliveries).where(eq(digestDeliveries.subscriptionId, sub.id))
    )[0];
  return {
    claim: (token, leaseMs) => claimDeliveryRow(db, key, token, leaseMs, at),
    patch: (value) => ({ error: value }) as LeasePatch<LeaseKind>,
    written: async () => {
      const row = await read();
      return { value: row?.error ?? null, claimedBy: row?.claimedBy ?? null };
    },
  };
}

const kinds: Array<[LeaseKind, (db: Db) => Promise<WorkRow>]> = [
  ["upload", uploadRow],
  ["delivery", deliveryRow],
];

describeEachDb("the lease engine", (ctx) => {
  const held: Array<HeldLease<LeaseKind, { id: string }>> = [];
  afterEach(() => {
    for (const lease of held.splice(0)) lease.stop();
  });

  async function take(kind: LeaseKind, work: WorkRow, owner: string, leaseMs: number) {
    const lease = await acquireLease(
      { db: ctx.db, kind, owner, timing: leaseTiming(leaseMs) },
      (token, ms) => work.claim(token, ms),
    );
    if (lease) held.push(lease);
    return lease;
  }

  describe.each(kinds)("on %s rows", (kind, makeRow) => {
    it("lets exactly one of many concurrent claims win, under its own token", async () => {
      const work = await makeRow(ctx.db);
      const claims = await Promise.all(
        Array.from({ length: 6 }, (_, i) => take(kind, work, `w${i}`, 60_000)),
      );
      const winners = claims.filter((c) => c !== undefined);
      expect(winners).toHaveLength(1);
      const winner = winners[0];
      expect(winner?.token).toMatch(/^w\d:[0-9a-f]{8}$/);
      expect((await work.written()).claimedBy).toBe(winner?.token);
      expect(await take(kind, work, "late", 60_000)).toBeUndefined();
    });

    it("keeps the work while the heartbeat renews, well past one lease", async () => {
      const work = await makeRow(ctx.db);
      const holder = await take(kind, work, "holder", 300);
      expect(holder).toBeDefined();
      for (let i = 0; i < 4; i++) {
        await sleep(250);
        expect(await take(kind, work, "rival", 300)).toBeUndefined();
      }
      expect(holder?.lost.aborted).toBe(false);
      expect(await holder?.renew()).toBe(true);
    });

    it("hands a lapsed lease to another worker, which fences the first out of every write", async () => {
      const work = await makeRow(ctx.db);
      const stale = await take(kind, work, "stale", 300);
      if (!stale) throw new Error("not claimed");
      stale.stop(); // stalls: no more renewals
      expect(await take(kind, work, "rival", 300)).toBeUndefined();
      await sleep(400);
      const successor = await take(kind, work, "successor", 60_000);
      expect(successor).toBeDefined();

      expect(await stale.write(work.patch("from the stale worker"))).toBe(false);
      expect(stale.lost.aborted).toBe(true);
      expect(await stale.renew()).toBe(false);
      await stale.release({ patch: work.patch("released by the stale worker") });
      expect(await successor?.write(work.patch("from the successor"))).toBe(true);
      expect(await work.written()).toEqual({
        value: "from the successor",
        claimedBy: successor?.token,
      });
    });

    it("releases at once, or for a retry after a backoff on the database clock", async () => {
      const work = await makeRow(ctx.db);
      const first = await take(kind, work, "first", 60_000);
      await first?.release();
      const second = await take(kind, work, "second", 60_000);
      expect(second).toBeDefined();
      await second?.release({ reopenAfterMs: 300 });
      expect(await take(kind, work, "early", 60_000)).toBeUndefined();
      await sleep(400);
      expect(await take(kind, work, "after-backoff", 60_000)).toBeDefined();
    });
  });
});
