import { recordAudit } from "../../candidates/audit.js";
import { lookupCandidate } from "../../candidates/lookup.js";
import { getCandidateSummary } from "../../candidates/summary.js";
import type { LookupResult } from "../../candidates/types.js";
import { AppError } from "../../errors.js";
import { renderLookup } from "../../render/candidate.js";
import { parseCommandArgs } from "../args.js";
import type { CliCommand } from "../command.js";

const usage = 'candidate "<name>" [--json] | candidate --id <candidate id> [--json]';

/**
 * Looks a candidate up in the local workspace by any spelling. Exit code 0 when one candidate
 * or a choice list is shown, 2 when nothing matches (the "did you mean" list goes to stdout).
 */
export const candidateCommand: CliCommand = {
  name: "candidate",
  summary: "Show a candidate's summary by name (typos, case, accents and titles tolerated).",
  usage,
  async run(args, ctx) {
    const { values, positionals } = parseCommandArgs(
      args,
      { json: { type: "boolean" }, id: { type: "string" } },
      usage,
    );
    const query = positionals.join(" ").trim();
    if (!query && !values.id)
      throw new AppError("USAGE", `give a candidate name (usage: ${usage})`);
    const { db } = await ctx.db();
    const teamId = await ctx.team();
    let result: LookupResult;
    if (values.id) {
      const summary = /^[0-9a-f-]{36}$/i.test(values.id)
        ? await getCandidateSummary(db, teamId, values.id)
        : undefined;
      if (!summary) throw new AppError("NOT_FOUND", `No candidate has the id ${values.id}.`);
      result = { kind: "found", summary };
    } else {
      result = await lookupCandidate(db, { teamId, query });
    }
    if (result.kind === "found") {
      await recordAudit(db, {
        teamId,
        actorId: "cli",
        action: "lookup",
        candidateId: result.summary.candidateId,
      });
    }
    ctx.out(
      values.json
        ? JSON.stringify(result, null, 2)
        : renderLookup(query || (values.id ?? ""), result),
    );
    return result.kind === "none" ? 2 : 0;
  },
};
