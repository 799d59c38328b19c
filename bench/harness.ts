import { randomBytes } from "node:crypto";
import os from "node:os";
import postgres from "postgres";
import { type DbHandle, openDb } from "../src/db/client.js";

/**
 * Shared pieces for `npm run bench`. Each area has a `bench/<area>.bench.ts` whose default
 * export returns a section of bench/RESULTS.md. Figures are compared side by side within one
 * run (ratios), because this machine is noisy.
 */
export interface BenchSection {
  title: string;
  /** Markdown lines (tables, bullet points) for RESULTS.md. */
  lines: string[];
}

export interface BenchContext {
  /** Admin URL of the real Postgres server used for Postgres benchmarks (a fresh database is created per use). */
  postgresUrl: string;
  /** `--quick` shrinks sizes for a smoke run. */
  quick: boolean;
  log(message: string): void;
}

export type BenchModule = (ctx: BenchContext) => Promise<BenchSection>;

export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export async function timeAsync<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = nowMs();
  const value = await fn();
  return { ms: nowMs() - start, value };
}

export function timeSync<T>(fn: () => T): { ms: number; value: T } {
  const start = nowMs();
  const value = fn();
  return { ms: nowMs() - start, value };
}

export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

export function mdTable(headers: string[], rows: (string | number)[][]): string[] {
  return [
    `| ${headers.join(" | ")} |`,
    `| ${headers.map(() => "---").join(" | ")} |`,
    ...rows.map((r) => `| ${r.map(String).join(" | ")} |`),
  ];
}

export function machineInfo(): string {
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  return `${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

/** A fresh migrated database for a benchmark; dropped (Postgres) or closed (PGlite) after. */
export async function benchDb(
  driver: "pglite" | "postgres",
  postgresUrl: string,
): Promise<{ handle: DbHandle; url: string | undefined; dispose(): Promise<void> }> {
  if (driver === "pglite") {
    const handle = await openDb({ dataDir: "memory://" });
    return { handle, url: undefined, dispose: () => handle.close() };
  }
  const name = `bench_${randomBytes(4).toString("hex")}`;
  const admin = postgres(postgresUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  const handle = await openDb({ databaseUrl: url.toString(), maxConnections: 10 });
  return {
    handle,
    url: url.toString(),
    dispose: async () => {
      await handle.close();
      const dropper = postgres(postgresUrl, { max: 1, onnotice: () => {} });
      await dropper.unsafe(`drop database if exists "${name}" with (force)`);
      await dropper.end();
    },
  };
}

/** The host's 1/5/15-minute load average, written beside every figure a section measures. */
export function loadAverage(): string {
  const [one, five, fifteen] = os.loadavg();
  return `load average ${one?.toFixed(1)} / ${five?.toFixed(1)} / ${fifteen?.toFixed(1)} on ${os.cpus().length} cores`;
}

/** The line each section opens with: when, where, and how busy the host was. */
export function measuredOn(): string {
  return `Measured ${new Date().toISOString()} on ${machineInfo()}; ${loadAverage()} at the end of the section.`;
}

/** min / median / max of several runs, as reported in RESULTS.md. */
export function spread(samples: number[], digits = 0): string {
  if (samples.length === 0) return "n/a";
  const sorted = [...samples].sort((a, b) => a - b);
  const median = sorted[Math.floor((sorted.length - 1) / 2)] as number;
  const f = (n: number) =>
    n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return `${f(sorted[0] as number)} / **${f(median)}** / ${f(sorted[sorted.length - 1] as number)}`;
}

export function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] as number;
}

/**
 * Writes a section's raw samples to bench/results/<name>.json, so every min/median/max in
 * RESULTS.md can be checked against the runs it summarises.
 */
export async function writeSamples(name: string, data: unknown): Promise<string> {
  const { mkdir, writeFile } = await import("node:fs/promises");
  const dir = new URL("./results/", import.meta.url);
  await mkdir(dir, { recursive: true });
  await writeFile(
    new URL(`${name}.json`, dir),
    `${JSON.stringify({ writtenAt: new Date().toISOString(), machine: machineInfo(), load: loadAverage(), ...(data as object) }, null, 2)}\n`,
  );
  return `bench/results/${name}.json`;
}

/** CPU time this process used since `since`, in ms (user + system). */
export function cpuMsSince(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}
