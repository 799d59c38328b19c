/**
 * `npm run eval [-- --scorer offline|llm|blend]`: the offline eval (bench/eval.ts, writes
 * bench/EVAL.md) by default; with `--scorer llm|blend`, the same tables for the language-model
 * judge on the configured endpoint (bench/eval-llm.ts, writes bench/EVAL-llm.md). The two
 * scripts stay separate so each can change without the other; this only dispatches.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const at = args.findIndex((a) => a === "--scorer" || a.startsWith("--scorer="));
const scorer =
  at === -1 ? "offline" : args[at]?.includes("=") ? args[at]?.split("=")[1] : args[at + 1];
const rest =
  at === -1 || scorer === "offline"
    ? args.filter((_, i) => at === -1 || (i !== at && (args[at]?.includes("=") || i !== at + 1)))
    : args;
const script = scorer === "offline" ? "eval.ts" : "eval-llm.ts";
// The child runs under the same tsx loader as this process.
const child = spawnSync(process.execPath, [...process.execArgv, path.join(here, script), ...rest], {
  stdio: "inherit",
});
process.exitCode = child.status ?? 1;
