import { forgetCandidate } from "../../candidates/forget.js";
import { AppError } from "../../errors.js";
import { parseCommandArgs } from "../args.js";
import type { CliCommand } from "../command.js";
import { resolveCandidateId } from "./resolve-candidate.js";

const usage = 'forget "<name>" --yes [--id <candidate id>] [--json]';

export const forgetCommand: CliCommand = {
  name: "forget",
  summary: "Delete a candidate and everything about them (needs --yes).",
  usage,
  async run(args, ctx) {
    const { values, positionals } = parseCommandArgs(
      args,
      { yes: { type: "boolean" }, id: { type: "string" }, json: { type: "boolean" } },
      usage,
    );
    if (!values.yes) {
      throw new AppError(
        "USAGE",
        `this deletes data for good; confirm with --yes (usage: ${usage})`,
      );
    }
    const { db } = await ctx.db();
    const teamId = await ctx.team();
    const name = positionals.join(" ").trim() || undefined;
    const candidateId = await resolveCandidateId(db, teamId, name, values.id, usage);
    const outcome = await forgetCandidate(db, {
      teamId,
      candidateId,
      actorId: "cli",
    });
    ctx.out(
      values.json
        ? JSON.stringify({ candidateId, ...outcome }, null, 2)
        : `Forgotten: ${outcome.interviewsDeleted} interview(s) deleted, ${outcome.transcriptsDeleted} transcript(s) deleted, ${outcome.transcriptsRedacted} shared transcript(s) redacted.`,
    );
    return 0;
  },
};
