import { overrideTier } from "../../candidates/override.js";
import { AppError } from "../../errors.js";
import { tierSchema } from "../../transcript/model.js";
import { parseCommandArgs } from "../args.js";
import type { CliCommand } from "../command.js";
import { resolveCandidateId } from "./resolve-candidate.js";

const usage =
  'override "<name>" <weak|average|strong|exceptional> --reason "<why>" [--id <candidate id>] [--json]';

export const overrideCommand: CliCommand = {
  name: "override",
  summary: "Set a candidate's tier by hand with a reason (kept next to the computed score).",
  usage,
  async run(args, ctx) {
    const { values, positionals } = parseCommandArgs(
      args,
      { reason: { type: "string" }, id: { type: "string" }, json: { type: "boolean" } },
      usage,
    );
    const tierText = positionals.at(-1);
    const tier = tierSchema.safeParse(tierText);
    if (!tier.success) throw new AppError("USAGE", `expected a tier last (usage: ${usage})`);
    if (!values.reason?.trim())
      throw new AppError("USAGE", `--reason is required (usage: ${usage})`);
    const { db } = await ctx.db();
    const teamId = await ctx.team();
    const name = positionals.slice(0, -1).join(" ").trim() || undefined;
    const candidateId = await resolveCandidateId(db, teamId, name, values.id, usage);
    const result = await overrideTier(db, {
      teamId,
      candidateId,
      tier: tier.data,
      reason: values.reason,
      actorId: "cli",
    });
    ctx.out(
      values.json
        ? JSON.stringify({ candidateId, ...result }, null, 2)
        : `Tier set to ${result.tier} (was ${result.previousTier ?? "-"}).`,
    );
    return 0;
  },
};
