import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { recordAudit } from "../../src/candidates/index.js";
import { auditOfCandidate } from "../../src/db/repositories/audit.js";
import { describeEachDb } from "../helpers/db.js";

describeEachDb("recordAudit", (ctx) => {
  it("records who did what to which candidate, in order", async () => {
    const teamId = `T_${randomUUID().slice(0, 8)}`;
    const candidateId = randomUUID();
    await recordAudit(ctx.db, {
      teamId,
      actorId: "U1",
      action: "lookup",
      candidateId,
      channelId: "C1",
    });
    await recordAudit(ctx.db, {
      teamId,
      actorId: "U2",
      action: "share",
      candidateId,
      channelId: "C2",
      details: { via: "button" },
    });
    const entries = await auditOfCandidate(ctx.db, teamId, candidateId);
    expect(entries.map((e) => [e.action, e.actorId, e.channelId, e.details])).toEqual([
      ["lookup", "U1", "C1", null],
      ["share", "U2", "C2", { via: "button" }],
    ]);
    expect(await auditOfCandidate(ctx.db, "T_OTHER", candidateId)).toEqual([]);
  });

  it("rejects an unknown action as a usage error", async () => {
    await expect(
      recordAudit(ctx.db, { teamId: "T", actorId: "U", action: "peek" as never }),
    ).rejects.toMatchObject({ code: "USAGE" });
  });
});
