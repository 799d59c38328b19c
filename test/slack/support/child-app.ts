import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/**
 * The app in its own process (support/app-process.ts), for the kill-and-restart tests and the
 * recovery bench: resolves with its URL once it listens; `killHard` is the `kill -9`.
 */
export function startChild(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string }> {
  const script = fileURLToPath(new URL("./app-process.ts", import.meta.url));
  const child = spawn(process.execPath, ["--import", "tsx", script], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stderr?.on("data", (d: Buffer) => {
      err += d.toString();
    });
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const line = out.split("\n").find((l) => l.startsWith('{"port"'));
      if (line) resolve({ child, url: `http://127.0.0.1:${JSON.parse(line).port}` });
    });
    child.on("exit", (code) =>
      reject(new Error(`app process exited (${code}): ${err.slice(-2000)}`)),
    );
  });
}

export async function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGKILL");
  await exited;
}
