import { expect, it } from "vitest";
import { loadDigestRows, loadDigestRowsByChannel } from "../../src/db/repositories/digest-rows.js";
import { describeEachDb } from "../helpers/db.js";
import { seedInterviews, seedOverride, TEAM } from "./seed.js";

const from = new Date("2026-11-09T00:00:00Z");
const to = new Date("2026-11-23T00:00:00Z");
const at = (day: number) => new Date(from.getTime() + day * 86_400_000);

describeEachDb("loadDigestRows", (ctx) => {
  it("returns one channel's interviews in the window, including re-uploads of the same file", async () => {
    const [a, , , d] = await seedInterviews(ctx.db, [
      { channelId: "C_A", name: "Ada", interviewedAt: at(1) },
      { channelId: "C_B", name: "Bo", interviewedAt: at(2) },
      // Uploaded to B first, then the same bytes to A: a duplicate row points at B's transcript.
      { channelId: "C_B", name: "Cy", interviewedAt: at(3), duplicateIn: ["C_A"] },
      { channelId: "C_A", name: "Di", interviewedAt: at(13) },
      // Outside the window, another workspace, or uploaded from the CLI (no channel).
      { channelId: "C_A", name: "Early", interviewedAt: new Date(from.getTime() - 1) },
      { channelId: "C_A", name: "Edge", interviewedAt: to },
      { channelId: "C_A", name: "Other team", interviewedAt: at(2), teamId: "T_OTHER" },
      { channelId: null, name: "Cli", interviewedAt: at(2) },
    ]);
    const rows = await loadDigestRows(ctx.db, {
      teamId: TEAM,
      scope: { kind: "channel", channelId: "C_A" },
      from,
      to,
    });
    expect(rows.map((r) => r.displayName).sort()).toEqual(["Ada", "Cy", "Di"]);
    const ada = rows.find((r) => r.candidateId === a?.candidateId);
    expect(ada).toMatchObject({ role: "Backend Engineer", tier: "average", override: null });
    expect(ada?.interviewedAt).toBeInstanceOf(Date);
    expect(rows.find((r) => r.candidateId === d?.candidateId)?.flags).toEqual([]);

    const workspace = await loadDigestRows(ctx.db, {
      teamId: TEAM,
      scope: { kind: "workspace" },
      from,
      to,
    });
    expect(workspace.map((r) => r.displayName).sort()).toEqual(["Ada", "Bo", "Cli", "Cy", "Di"]);
  });

  it("carries each candidate's latest override", async () => {
    const [x] = await seedInterviews(ctx.db, [
      { channelId: "C_O", name: "Ovi", interviewedAt: at(4) },
    ]);
    if (!x) throw new Error("seed failed");
    await seedOverride(ctx.db, x.candidateId, "weak", at(5));
    await seedOverride(ctx.db, x.candidateId, "exceptional", at(6));
    const [row] = await loadDigestRows(ctx.db, {
      teamId: TEAM,
      scope: { kind: "channel", channelId: "C_O" },
      from,
      to,
    });
    expect(row?.override).toEqual({
      tier: "exceptional",
      reason: "Hiring manager call",
      setBy: "U_ADMIN",
      setAt: at(6),
    });
  });

  it("stores and returns names with quotes, emoji and LIKE wildcards untouched", async () => {
    const name = `O'Brien "Bo" 100%_\\ 🚀`;
    await seedInterviews(ctx.db, [{ channelId: "C_Q", name, interviewedAt: at(2) }]);
    const rows = await loadDigestRows(ctx.db, {
      teamId: TEAM,
      scope: { kind: "channel", channelId: "C_Q" },
      from,
      to,
    });
    expect(rows.map((r) => r.displayName)).toEqual([name]);
  });
  it("loads many channels' rows in one query, counting a file uploaded twice to one channel once", async () => {
    const [m1, m2] = await seedInterviews(ctx.db, [
      // Uploaded to C_M1, then the same bytes to C_M2 and again to C_M1.
      { channelId: "C_M1", name: "Multi One", interviewedAt: at(2), duplicateIn: ["C_M2", "C_M1"] },
      { channelId: "C_M2", name: "Multi Two", interviewedAt: at(3) },
      { channelId: "C_M3", name: "Not asked", interviewedAt: at(3) },
    ]);
    const byChannel = await loadDigestRowsByChannel(ctx.db, {
      teamId: TEAM,
      channelIds: ["C_M1", "C_M2", "C_EMPTY"],
      from,
      to,
    });
    expect([...byChannel.keys()].sort()).toEqual(["C_EMPTY", "C_M1", "C_M2"]);
    expect(byChannel.get("C_M1")?.map((r) => r.candidateId)).toEqual([m1?.candidateId]);
    expect(
      byChannel
        .get("C_M2")
        ?.map((r) => r.candidateId)
        .sort(),
    ).toEqual([m1?.candidateId, m2?.candidateId].sort());
    expect(byChannel.get("C_EMPTY")).toEqual([]);
    // The single-channel loader agrees.
    const single = await loadDigestRows(ctx.db, {
      teamId: TEAM,
      scope: { kind: "channel", channelId: "C_M2" },
      from,
      to,
    });
    expect(single.map((r) => r.candidateId).sort()).toEqual(
      byChannel
        .get("C_M2")
        ?.map((r) => r.candidateId)
        .sort(),
    );
    expect(
      await loadDigestRowsByChannel(ctx.db, { teamId: TEAM, channelIds: [], from, to }),
    ).toEqual(new Map());
  });
});
