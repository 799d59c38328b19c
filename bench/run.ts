import { readdir, writeFile } from "node:fs/promises";
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
  const body = [
    "# Benchmark results",
    "",
    `Written by \`npm run bench\` on ${new Date().toISOString()}${args.quick ? " (quick mode: reduced sizes)" : ""}.`,
    `Machine: ${machineInfo()}.`,
    "",
    ...sections.flatMap((s) => [`## ${s.title}`, "", ...s.lines, ""]),
  ].join("\n");
  await writeFile(args.out, body);
  process.stdout.write(body);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
