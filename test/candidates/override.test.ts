import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { getCandidateSummary, overrideTier } from "../../src/candidates/index.js";
import { auditLog } from "../../src/db/schema.js";
import { describeEachDb } from "../helpers/db.js";
import { scored, storeScored } from "../ingest/scored-fixtures.js";

describeEachDb("overrideTier", (ctx) => {
  it("sets the tier by hand, keeps the computed score beside it, and audits it", async () => {
    const teamId = `T_${randomUUID().slice(0, 8)}`;
    const added = await storeScored(ctx.db, {
      teamId,
      candidates: [scored("Ida", "Engineer", { score: 40 })],
    });
    const candidateId = added.candidates[0]?.candidateId as string;
    const first = await overrideTier(ctx.db, {
      teamId,
      candidateId,
      tier: "strong",
      reason: "Strong take-home",
      actorId: "U_ADMIN",
      now: new Date("2026-03-01T00:00:00Z"),
    });
    expect(first).toMatchObject({ tier: "strong", previousTier: "weak", setBy: "U_ADMIN" });
    await overrideTier(ctx.db, {
      teamId,
      candidateId,
      tier: "exceptional",
      reason: "Panel agreed",
      actorId: "U_LEAD",
      channelId: "C1",
      now: new Date("2026-03-02T00:00:00Z"),
    });
    const summary = await getCandidateSummary(ctx.db, teamId, candidateId);
    expect(summary).toMatchObject({
      score: 40,
      computedTier: "weak",
      tier: "exceptional",
      override: {
        tier: "exceptional",
        reason: "Panel agreed",
        setBy: "U_LEAD",
        setAt: new Date("2026-03-02T00:00:00Z"),
      },
    });
    const audit = await ctx.db.select().from(auditLog).where(eq(auditLog.teamId, teamId));
    expect(audit.map((a) => [a.action, a.actorId, a.candidateId, a.details])).toEqual([
      [
        "override",
        "U_ADMIN",
        candidateId,
        { tier: "strong", previousTier: "weak", computedTier: "weak" },
      ],
      [
        "override",
        "U_LEAD",
        candidateId,
        { tier: "exceptional", previousTier: "strong", computedTier: "weak" },
      ],
    ]);
    expect(JSON.stringify(audit)).not.toContain("Panel agreed");

    // A later interview updates the computed score; the person's decision stays in force.
    await storeScored(ctx.db, {
      teamId,
      candidates: [scored("Ida", "Engineer", { score: 60, seed: "v2" })],
    });
    expect(await getCandidateSummary(ctx.db, teamId, candidateId)).toMatchObject({
      score: 60,
      computedTier: "average",
      tier: "exceptional",
    });
  });

  it("refuses an unknown candidate, another workspace's candidate, and an empty reason", async () => {
    const teamId = `T_${randomUUID().slice(0, 8)}`;
    const added = await storeScored(ctx.db, { teamId, candidates: [scored("Jo", "Engineer")] });
    const candidateId = added.candidates[0]?.candidateId as string;
    await expect(
      overrideTier(ctx.db, {
        teamId,
        candidateId: randomUUID(),
        tier: "strong",
        reason: "x",
        actorId: "U",
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      overrideTier(ctx.db, {
        teamId: "T_ELSE",
        candidateId,
        tier: "strong",
        reason: "x",
        actorId: "U",
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      overrideTier(ctx.db, { teamId, candidateId, tier: "strong", reason: "  ", actorId: "U" }),
    ).rejects.toMatchObject({ code: "USAGE" });
  });
});
