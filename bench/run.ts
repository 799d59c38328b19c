import { readdir, readFile, writeFile } from "node:fs/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { z } from "zod";
import { type BenchModule, type BenchSection, machineInfo } from "./harness.js";

/**
 * `npm run bench [-- --only parse,storage] [--quick]`: runs every bench/*.bench.ts and writes
 * bench/RESULTS.md with the machine and date.
 */
const argsSchema = z.object({
  only: z
    .string()
    .optional()
    .transform((s) => (s ? s.split(",").map((x) => x.trim()) : undefined)),
  quick: z.boolean().default(false),
  out: z.string().default(fileURLToPath(new URL("./RESULTS.md", import.meta.url))),
});

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { only: { type: "string" }, quick: { type: "boolean" }, out: { type: "string" } },
  });
  const args = argsSchema.parse(values);
  const dir = fileURLToPath(new URL(".", import.meta.url));
  const files = (await readdir(dir)).filter((f) => f.endsWith(".bench.ts")).sort();
  const postgresUrl =
    process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const sections: BenchSection[] = [];
  for (const file of files) {
    const area = file.replace(/\.bench\.ts$/, "");
    if (args.only && !args.only.includes(area)) continue;
    process.stderr.write(`== ${area}\n`);
    const mod = (await import(pathToFileURL(`${dir}/${file}`).href)) as { default: BenchModule };
    try {
      sections.push(
        await mod.default({
          postgresUrl,
          quick: args.quick,
          log: (m) => process.stderr.write(`   ${m}\n`),
        }),
      );
    } catch (error) {
      sections.push({
        title: area,
        lines: [`FAILED: ${error instanceof Error ? error.stack : String(error)}`],
      });
    }
  }
  const fresh = sections.map((s) => ({
    title: s.title,
    text: `${[`## ${s.title}`, "", ...s.lines].join("\n").trimEnd()}\n`,
  }));
  // With --only, the sections not run keep their earlier text: each section writes its own part.
  const kept = args.only ? await existingSections(args.out) : [];
  const merged = [
    ...kept.map((k) => fresh.find((f) => f.title === k.title) ?? k),
    ...fresh.filter((f) => !kept.some((k) => k.title === f.title)),
  ];
  const body = [
    "# Benchmark results",
    "",
    args.only
      ? "Written section by section by `npm run bench -- --only <section>`; each section says when, on which machine and under what load it was measured."
      : `Written by \`npm run bench\` on ${new Date().toISOString()}${args.quick ? " (quick mode: reduced sizes)" : ""}.`,
    `Machine: ${machineInfo()}.`,
    "",
    ...merged.map((s) => s.text),
  ].join("\n");
  await writeFile(args.out, body);
  process.stdout.write(body);
}

/** The `## ` sections of an existing results file, in order (none when there is no file). */
async function existingSections(file: string): Promise<Array<{ title: string; text: string }>> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    return [];
  }
  return text
    .split(/^(?=## )/m)
    .filter((part) => part.startsWith("## "))
    .map((part) => ({
      title: (part.split("\n", 1)[0] as string).slice(3).trim(),
      // One blank line between sections however many an earlier write left.
      text: `${part.trimEnd()}\n`,
    }));
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
