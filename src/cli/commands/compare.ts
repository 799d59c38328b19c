import { recordAudit } from "../../candidates/audit.js";
import { COMPARE_MAX, COMPARE_MIN, compareCandidates } from "../../candidates/compare.js";
import { everyoneVisible, resolveCompareSlots } from "../../candidates/compare-resolve.js";
import type { CandidateSummary } from "../../candidates/types.js";
import { AppError } from "../../errors.js";
import { renderComparisonText } from "../../render/compare.js";
import { parseCommandArgs } from "../args.js";
import type { CliCommand } from "../command.js";

const usage = 'compare "<name or id>" "<name or id>" [up to 4] [--json]';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/iu;

/**
 * Two to four candidates side by side, as `/candidate compare` shows them. A name that
 * matches several people stops the command with their ids (exit 2), as admin commands do;
 * an id in place of a name picks that candidate.
 */
export const compareCommand: CliCommand = {
  name: "compare",
  summary: "Compare 2 to 4 candidates question by question (score and tier per answer).",
  usage,
  async run(args, ctx) {
    const { values, positionals } = parseCommandArgs(args, { json: { type: "boolean" } }, usage);
    const names = positionals.map((p) => p.trim()).filter(Boolean);
    if (names.length < COMPARE_MIN || names.length > COMPARE_MAX) {
      throw new AppError(
        "USAGE",
        `give ${COMPARE_MIN} to ${COMPARE_MAX} quoted names (usage: ${usage})`,
      );
    }
    const { db } = await ctx.db();
    const teamId = await ctx.team();
    const results = await resolveCompareSlots(
      db,
      teamId,
      names.map((query) => (UUID.test(query) ? { query, id: query } : { query })),
      everyoneVisible,
    );
    const ambiguous = results.flatMap((r) => (r.kind === "choices" ? [r] : []));
    if (ambiguous.length > 0) {
      const lines = ambiguous.map(
        (r) =>
          `"${r.query}" matches ${r.matches
            .map(
              (m) =>
                `${m.name}${m.roles.length ? ` (${m.roles.join(", ")})` : ""} id ${m.candidateId}`,
            )
            .join("; ")}`,
      );
      throw new AppError("AMBIGUOUS", `${lines.join(". ")}. Pass the id instead of the name.`);
    }
    const notFound = results.flatMap((r) => (r.kind === "none" ? [r.query] : []));
    const summaries: CandidateSummary[] = [];
    for (const r of results) {
      if (r.kind === "found" && !summaries.some((s) => s.candidateId === r.summary.candidateId))
        summaries.push(r.summary);
    }
    if (summaries.length < 2) {
      throw new AppError(
        "NOT_FOUND",
        notFound.length > 0
          ? `No candidate matches ${notFound.map((q) => `"${q}"`).join(", ")}.`
          : "Those names all match the same candidate.",
      );
    }
    for (const s of summaries) {
      await recordAudit(db, {
        teamId,
        actorId: "cli",
        action: "lookup",
        candidateId: s.candidateId,
        details: { via: "compare" },
      });
    }
    const comparison = compareCandidates(summaries);
    ctx.out(
      values.json
        ? JSON.stringify({ ...comparison, notFound }, null, 2)
        : renderComparisonText(comparison, notFound),
    );
    return notFound.length > 0 ? 2 : 0;
  },
};
