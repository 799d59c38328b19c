import { z } from "zod";
import { recordAudit } from "../../candidates/audit.js";
import { exportCandidates, exportToCsv } from "../../candidates/export.js";
import { listCandidates } from "../../candidates/list.js";
import { AppError } from "../../errors.js";
import { renderList } from "../../render/candidate.js";
import { tierSchema } from "../../transcript/model.js";
import { parseCommandArgs } from "../args.js";
import type { CliCommand } from "../command.js";

const usage =
  "list [--role <text>] [--tier weak|average|strong|exceptional] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--limit N] [--page N] [--json | --csv]";

const dateArg = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "dates are YYYY-MM-DD")
  .transform((s) => new Date(`${s}T00:00:00Z`))
  .refine((d) => !Number.isNaN(d.getTime()), "not a real date");

const argsSchema = z.object({
  role: z.string().optional(),
  tier: tierSchema.optional(),
  from: dateArg.optional(),
  /** Inclusive on the command line: --to 2026-01-31 includes the 31st. */
  to: dateArg.transform((d) => new Date(d.getTime() + 86_400_000)).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(20),
  page: z.coerce.number().int().min(1).default(1),
  json: z.boolean().optional(),
  csv: z.boolean().optional(),
});

export const listCommand: CliCommand = {
  name: "list",
  summary: "List candidates by score, filtered by role, tier and interview dates; paginated.",
  usage,
  async run(args, ctx) {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        role: { type: "string" },
        tier: { type: "string" },
        from: { type: "string" },
        to: { type: "string" },
        limit: { type: "string" },
        page: { type: "string" },
        json: { type: "boolean" },
        csv: { type: "boolean" },
      },
      usage,
    );
    if (positionals.length > 0)
      throw new AppError("USAGE", `unexpected "${positionals[0]}" (usage: ${usage})`);
    const parsed = argsSchema.safeParse(values);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AppError(
        "USAGE",
        `--${String(issue?.path[0] ?? "?")}: ${issue?.message} (usage: ${usage})`,
      );
    }
    const a = parsed.data;
    if (a.json && a.csv) throw new AppError("USAGE", `--json or --csv, not both (usage: ${usage})`);
    const { db } = await ctx.db();
    const teamId = await ctx.team();
    if (a.csv && (values.to || values.page || values.limit)) {
      throw new AppError(
        "USAGE",
        "--csv exports every match: it takes --role, --tier and --from (last interviewed on or after), not --to, --limit or --page.",
      );
    }
    if (a.csv) {
      // Every matching candidate (up to EXPORT_MAX_ROWS): a spreadsheet is not paginated.
      const result = await exportCandidates(db, {
        teamId,
        role: a.role,
        tier: a.tier,
        since: a.from,
      });
      await recordAudit(db, {
        teamId,
        actorId: "cli",
        action: "export",
        details: { rows: result.rows.length, truncated: result.truncated, tier: a.tier ?? null },
      });
      ctx.out(exportToCsv(result.rows).replace(/\r\n$/u, ""));
      if (result.truncated) {
        ctx.err(`note: only the first ${result.rows.length} candidates; narrow the filters.`);
      }
      return 0;
    }
    const list = await listCandidates(db, {
      teamId,
      role: a.role,
      tier: a.tier,
      from: a.from,
      to: a.to,
      limit: a.limit,
      offset: (a.page - 1) * a.limit,
    });
    ctx.out(a.json ? JSON.stringify(list, null, 2) : renderList(list));
    return 0;
  },
};
