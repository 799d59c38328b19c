import { randomUUID } from "node:crypto";
import { beforeAll, expect, it } from "vitest";
import { listCandidates, overrideTier } from "../../src/candidates/index.js";
import { describeEachDb } from "../helpers/db.js";
import { scored, storeScored } from "../ingest/scored-fixtures.js";

describeEachDb("listCandidates", (ctx) => {
  const teamId = `T_${randomUUID().slice(0, 8)}`;
  const slack = (fileId: string, channelId: string) =>
    ({ kind: "slack", fileId, channelId, uploaderId: "U1" }) as const;
  let ids: Record<string, string> = {};

  beforeAll(async () => {
    const jan = await storeScored(ctx.db, {
      teamId,
      candidates: [
        scored("Ada", "Senior Python Developer", { score: 85 }),
        scored("Bea", "Python Data Engineer", { score: 66 }),
        scored("Cid", "Frontend Developer", { score: 50 }),
      ],
      source: slack("F1", "C_ENG"),
      now: new Date("2026-01-10T10:00:00Z"),
    });
    const feb = await storeScored(ctx.db, {
      teamId,
      candidates: [
        scored("Dot", "100%_Remote\\Role", { score: 30 }),
        scored("Eve", "Frontend Developer", { score: 70 }),
      ],
      source: slack("F2", "C_WEB"),
      now: new Date("2026-02-10T10:00:00Z"),
    });
    ids = Object.fromEntries(
      [...jan.candidates, ...feb.candidates].map((c) => [c.name, c.candidateId]),
    );
    await storeScored(ctx.db, {
      teamId: "T_NOISE",
      candidates: [scored("Zed", "Frontend Developer", { score: 99 })],
    });
  });

  it("orders by score, best first, and pages with a total", async () => {
    const page1 = await listCandidates(ctx.db, { teamId, limit: 2 });
    expect(page1.rows.map((r) => r.name)).toEqual(["Ada", "Eve"]);
    expect(page1).toMatchObject({ total: 5, limit: 2, offset: 0 });
    const page3 = await listCandidates(ctx.db, { teamId, limit: 2, offset: 4 });
    expect(page3.rows.map((r) => r.name)).toEqual(["Dot"]);
    expect(page3.rows[0]).toMatchObject({
      role: "100%_Remote\\Role",
      score: 30,
      tier: "weak",
      overridden: false,
      interviewCount: 1,
    });
  });

  it("filters by part of the role in any case, taking wildcards literally", async () => {
    const python = await listCandidates(ctx.db, { teamId, role: "PYTHON", limit: 10 });
    expect(python.rows.map((r) => r.name)).toEqual(["Ada", "Bea"]);
    const literal = await listCandidates(ctx.db, { teamId, role: "100%_remote\\role", limit: 10 });
    expect(literal.rows.map((r) => r.name)).toEqual(["Dot"]);
    expect((await listCandidates(ctx.db, { teamId, role: "%", limit: 10 })).total).toBe(0);
    expect((await listCandidates(ctx.db, { teamId, role: "_", limit: 10 })).total).toBe(0);
    expect((await listCandidates(ctx.db, { teamId, role: "remote role", limit: 10 })).total).toBe(
      1,
    );
  });

  it("filters by tier, using an override when one is set", async () => {
    expect(
      (await listCandidates(ctx.db, { teamId, tier: "strong", limit: 10 })).rows.map((r) => r.name),
    ).toEqual(["Eve", "Bea"]);
    await overrideTier(ctx.db, {
      teamId,
      candidateId: ids.Cid as string,
      tier: "strong",
      reason: "Great references",
      actorId: "U_ADMIN",
    });
    const strong = await listCandidates(ctx.db, { teamId, tier: "strong", limit: 10 });
    expect(strong.rows.map((r) => r.name)).toEqual(["Eve", "Bea", "Cid"]);
    expect(strong.rows[2]).toMatchObject({
      tier: "strong",
      computedTier: "average",
      overridden: true,
    });
  });

  it("filters by interview date range and by the channels the viewer may see", async () => {
    const feb = await listCandidates(ctx.db, {
      teamId,
      from: new Date("2026-02-01"),
      to: new Date("2026-03-01"),
      limit: 10,
    });
    expect(feb.rows.map((r) => r.name)).toEqual(["Eve", "Dot"]);
    const eng = await listCandidates(ctx.db, { teamId, channelIds: ["C_ENG"], limit: 10 });
    expect(eng.rows.map((r) => r.name)).toEqual(["Ada", "Bea", "Cid"]);
    expect(await listCandidates(ctx.db, { teamId, channelIds: [], limit: 10 })).toMatchObject({
      rows: [],
      total: 0,
    });
  });

  it("rejects a reversed date range and a bad tier as usage errors", async () => {
    await expect(
      listCandidates(ctx.db, {
        teamId,
        from: new Date("2026-03-01"),
        to: new Date("2026-02-01"),
        limit: 10,
      }),
    ).rejects.toMatchObject({ code: "USAGE" });
    await expect(
      listCandidates(ctx.db, { teamId, tier: "great" as never, limit: 10 }),
    ).rejects.toMatchObject({ code: "USAGE" });
  });
});
