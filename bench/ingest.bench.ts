import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { PGlite } from "@electric-sql/pglite";
import type { Sql } from "postgres";
import { defaultScoringThreads } from "../src/config.js";
import type { Db } from "../src/db/client.js";
import { ingestTranscript, storePrepared } from "../src/ingest/ingest.js";
import { prepareScored } from "../src/ingest/prepare.js";
import { scoreTranscript } from "../src/scoring/index.js";
import { decodeInput } from "../src/transcript/decode.js";
import { parseTranscript } from "../src/transcript/index.js";
import {
  type BenchContext,
  type BenchSection,
  benchDb,
  cpuMsSince,
  mdTable,
  measuredOn,
  median,
  nowMs,
  spread,
  writeSamples,
} from "./harness.js";
import { generateFiles } from "./storage.bench.js";

/**
 * End-to-end ingest (bytes → decode → parse → score → one transaction per file) against two
 * baselines that store the very rows ingest wrote, on the same database, the same connection
 * pool and the same number of files in flight, in alternating rounds of one process:
 * Postgres `COPY … FROM STDIN` and a multi-row `INSERT` per table, one transaction per file.
 * The baselines get the rows for free (read back after ingest, outside the clock), so they are
 * what storing alone costs at best; ingest pays for everything else too.
 */

const TEAM = "T_INGEST";
/** Tables ingest writes for a new CLI file, in foreign-key order. */
const TABLES = ["transcripts", "candidates", "interviews", "answers"] as const;
type Table = (typeof TABLES)[number];

/** A file's rows as text, ready for COPY (text format) or for an INSERT with text parameters. */
interface FileRows {
  table: Table;
  columns: Column[];
  rows: Array<Array<string | null>>;
}

/** The minimum a baseline needs of a driver: one transaction, statements, COPY where there is one. */
interface Store {
  name: string;
  perFile(
    work: (q: {
      exec(text: string, params: Array<string | null>): Promise<unknown>;
      copy?(text: string, data: string): Promise<void>;
    }) => Promise<void>,
  ): Promise<void>;
  query(text: string, params: unknown[]): Promise<Array<Record<string, string | null>>>;
}

function postgresStore(client: Sql): Store {
  return {
    name: "postgres",
    perFile: async (work) => {
      await client.begin(async (tx) => {
        await work({
          exec: (text, params) => tx.unsafe(text, params),
          copy: async (text, data) => {
            const writable = await tx.unsafe(text).writable();
            await pipeline(Readable.from([data]), writable);
          },
        });
      });
    },
    query: async (text, params) =>
      (await client.unsafe(text, params as never[])) as unknown as Array<
        Record<string, string | null>
      >,
  };
}

function pgliteStore(client: PGlite): Store {
  return {
    name: "pglite",
    perFile: async (work) => {
      await client.transaction(async (tx) => {
        await work({ exec: (text, params) => tx.query(text, params) });
      });
    },
    query: async (text, params) =>
      (await client.query<Record<string, string | null>>(text, params)).rows,
  };
}

interface Column {
  name: string;
  type: string;
  uuid: boolean;
}

/** Column lists of the ingest tables (in table order), read from the catalogue once. */
async function columnsOf(store: Store): Promise<Map<Table, Column[]>> {
  const out = new Map<Table, Column[]>();
  for (const table of TABLES) {
    const rows = await store.query(
      "select attname as name, format_type(atttypid, atttypmod) as type from pg_attribute where attrelid = $1::regclass and attnum > 0 and not attisdropped order by attnum",
      [table],
    );
    out.set(
      table,
      rows.map((r) => ({
        name: r.name as string,
        type: r.type as string,
        uuid: r.type === "uuid",
      })),
    );
  }
  return out;
}

const FILTER: Record<Table, string> = {
  transcripts: "id = $1",
  candidates: "id in (select candidate_id from interviews where transcript_id = $1)",
  interviews: "transcript_id = $1",
  answers: "interview_id in (select id from interviews where transcript_id = $1)",
};

/**
 * The rows ingest stored for one file, as text, re-keyed for a baseline: every uuid mapped
 * through md5(uuid ‖ salt) (so references stay consistent) and the workspace renamed, so the
 * baseline can write them into the same tables, indexes and foreign keys without conflicts.
 */
async function exportFile(
  store: Store,
  columns: Map<Table, Column[]>,
  transcriptId: string,
  salt: string,
  team: string,
): Promise<FileRows[]> {
  const out: FileRows[] = [];
  for (const table of TABLES) {
    const cols = columns.get(table) ?? [];
    const exprs = cols.map((c) =>
      c.name === "team_id"
        ? `$3::text as "${c.name}"`
        : c.uuid
          ? `md5("${c.name}"::text || $2)::uuid::text as "${c.name}"`
          : `"${c.name}"::text as "${c.name}"`,
    );
    const rows = await store.query(
      `select ${exprs.join(", ")} from ${table} where ${FILTER[table]}`,
      [transcriptId, salt, team],
    );
    out.push({
      table,
      columns: cols,
      rows: rows.map((r) => cols.map((c) => r[c.name] ?? null)),
    });
  }
  return out;
}

function copyText(rows: Array<Array<string | null>>): string {
  const field = (v: string | null) =>
    v === null
      ? "\\N"
      : v
          .replaceAll("\\", "\\\\")
          .replaceAll("\t", "\\t")
          .replaceAll("\n", "\\n")
          .replaceAll("\r", "\\r");
  return rows.map((r) => `${r.map(field).join("\t")}\n`).join("");
}

async function copyFile(store: Store, file: FileRows[]): Promise<void> {
  await store.perFile(async (q) => {
    for (const t of file) {
      if (t.rows.length === 0) continue;
      const cols = t.columns.map((c) => `"${c.name}"`).join(", ");
      await q.copy?.(`copy ${t.table} (${cols}) from stdin`, copyText(t.rows));
    }
  });
}

async function insertFile(store: Store, file: FileRows[]): Promise<void> {
  await store.perFile(async (q) => {
    for (const t of file) {
      if (t.rows.length === 0) continue;
      const cols = t.columns.map((c) => `"${c.name}"`).join(", ");
      const width = t.columns.length;
      const values = t.rows
        .map(
          (_, r) =>
            `(${t.columns.map((c, k) => `$${r * width + k + 1}::text::${c.type}`).join(", ")})`,
        )
        .join(", ");
      // Text parameters, converted by the server to each column's type (as COPY's text format is).
      await q.exec(`insert into ${t.table} (${cols}) values ${values}`, t.rows.flat());
    }
  });
}

/** Runs `work` on every item with `inFlight` at a time; returns wall ms and this process's CPU ms. */
async function inFlight<T>(
  items: T[],
  width: number,
  work: (item: T, k: number) => Promise<void>,
): Promise<{ ms: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const start = nowMs();
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const k = next++;
        await work(items[k] as T, k);
      }
    }),
  );
  return { ms: nowMs() - start, cpuMs: cpuMsSince(cpu) };
}

interface RoundSample {
  candidates: number;
  ingestMs: number;
  ingestCpuMs: number;
  copyMs: number | null;
  insertMs: number;
  insertCpuMs: number;
}

const rateOf = (n: number, ms: number) => n / (ms / 1000);

export default async function ingestBench(ctx: BenchContext): Promise<BenchSection> {
  const rounds = ctx.quick ? 2 : 5;
  const perRound = ctx.quick ? 80 : 300; // candidates per round, 10 per file
  const now = new Date("2026-11-02T09:00:00Z");
  const samples: Record<string, RoundSample[]> = {};
  const rows: (string | number)[][] = [];
  let breakdown: string[] = [];
  let seed = 500;

  for (const driver of ["postgres", "pglite"] as const) {
    const bench = await benchDb(driver, ctx.postgresUrl);
    try {
      const db = bench.handle.db;
      const client = (db as unknown as { $client: Sql | PGlite }).$client;
      const store =
        driver === "postgres" ? postgresStore(client as Sql) : pgliteStore(client as PGlite);
      const columns = await columnsOf(store);
      // Warm-up: loads the scorer's model and fills the statement caches for both sides.
      await runRound(db, store, columns, generateFiles(40, seed++), 2, "warm", now);

      for (const width of [4, 1]) {
        const key = `${driver}, ${width === 1 ? "one file at a time" : `${width} files in flight`}`;
        const list: RoundSample[] = [];
        for (let r = 0; r < rounds; r++) {
          const files = generateFiles(perRound, seed++);
          list.push(await runRound(db, store, columns, files, width, `${width}-${r}`, now));
          ctx.log(`${key} round ${r + 1}: ${JSON.stringify(list.at(-1))}`);
        }
        samples[key] = list;
        const ingest = list.map((s) => rateOf(s.candidates, s.ingestMs));
        const copy = list.flatMap((s) =>
          s.copyMs === null ? [] : [rateOf(s.candidates, s.copyMs)],
        );
        const insert = list.map((s) => rateOf(s.candidates, s.insertMs));
        const copyRatio = list.flatMap((s) => (s.copyMs === null ? [] : [s.ingestMs / s.copyMs]));
        const insertRatio = list.map((s) => s.ingestMs / s.insertMs);
        const target = driver === "pglite" ? 500 : width === 1 ? 600 : 1000;
        const med = median(ingest);
        rows.push([
          key,
          spread(ingest),
          median(list.map((s) => s.ingestCpuMs / s.candidates)).toFixed(2),
          copy.length ? spread(copy) : "n/a (no COPY)",
          copyRatio.length ? `${spread(copyRatio, 2)}×` : "n/a",
          spread(insert),
          `${spread(insertRatio, 2)}×`,
          `≥ ${target}/s${driver === "postgres" ? ", ≤ 3× COPY" : ""}: ${
            med >= target && (copyRatio.length === 0 || median(copyRatio) <= 3)
              ? "met"
              : "**missed**"
          }`,
        ]);
      }
      if (driver === "postgres")
        breakdown = await whereTheTimeGoes(db, generateFiles(perRound, seed++), now);
    } finally {
      await bench.dispose();
    }
  }
  const file = await writeSamples("ingest", { rounds: samples });

  return {
    title: "Ingest end to end",
    lines: [
      measuredOn(),
      "",
      `Generated AI-interviewer files (10 candidates, 3 answers each, ~1.5 KB of answer text per candidate; answers drawn from a small vocabulary, so the scorer's word caches are warm: cold scoring is in the Scoring section). **Ingest** is \`ingestTranscript\` on the file's bytes: decode, parse, score (on the scoring threads, ${defaultScoringThreads()} here: src/ingest/scoring-pool.ts), then one transaction (locks, duplicate checks, candidate upsert, multi-row inserts). **COPY** and **INSERT** store the very rows that ingest wrote in the same round (read back outside the clock, re-keyed), one transaction per file, \`COPY … FROM STDIN\` or one multi-row \`INSERT\` per table, on the same database, the same connection pool and the same number of files in flight. ${rounds} rounds of ${perRound} candidates per row, ingest / COPY / INSERT in turn within each round; figures are min / **median** / max over the rounds (raw samples in \`${file}\`). Ratios are per round (ingest time ÷ baseline time), the comparable figure on a loaded host. Client CPU is this process's CPU per candidate, its scoring threads included (parsing and scoring are most of it; the server's CPU is not counted).`,
      "",
      ...mdTable(
        [
          "driver, concurrency",
          "ingest cand/s",
          "client CPU ms / cand",
          "COPY cand/s",
          "ingest ÷ COPY time",
          "INSERT cand/s",
          "ingest ÷ INSERT time",
          "target",
        ],
        rows,
      ),
      "",
      'PGlite is one in-process connection: "4 files in flight" overlaps parsing and scoring with nothing, the transactions run one after another.',
      "",
      ...breakdown,
    ],
  };
}

async function runRound(
  db: Db,
  store: Store,
  columns: Map<Table, Column[]>,
  files: ReturnType<typeof generateFiles>,
  width: number,
  tag: string,
  now: Date,
): Promise<RoundSample> {
  const ids: string[] = [];
  const ingest = await inFlight(files, width, async (f, k) => {
    const outcome = await ingestTranscript(db, {
      teamId: TEAM,
      bytes: f.bytes,
      fileName: `f-${tag}-${k}.txt`,
      source: { kind: "cli", path: `f-${tag}-${k}.txt` },
      maxBytes: 10e6,
      now,
    });
    if (outcome.status !== "added" || !outcome.transcriptId)
      throw new Error(`ingest ${k}: ${outcome.status} ${outcome.error?.message ?? ""}`);
    ids[k] = outcome.transcriptId;
  });
  const candidates = files.reduce((n, f) => n + f.result.candidates.length, 0);
  const forCopy: FileRows[][] = [];
  const forInsert: FileRows[][] = [];
  for (const id of ids) {
    if (store.name === "postgres")
      forCopy.push(await exportFile(store, columns, id, `c${tag}`, "T_COPY"));
    forInsert.push(await exportFile(store, columns, id, `i${tag}`, "T_INSERT"));
  }
  const stored = forInsert.reduce((n, f) => n + (f[1]?.rows.length ?? 0), 0);
  if (stored !== candidates)
    throw new Error(`read back ${stored} candidates, expected ${candidates}`);
  const copy =
    store.name === "postgres" ? await inFlight(forCopy, width, (f) => copyFile(store, f)) : null;
  const insert = await inFlight(forInsert, width, (f) => insertFile(store, f));
  return {
    candidates,
    ingestMs: ingest.ms,
    ingestCpuMs: ingest.cpuMs,
    copyMs: copy?.ms ?? null,
    insertMs: insert.ms,
    insertCpuMs: insert.cpuMs,
  };
}

/**
 * One file at a time on Postgres, each stage timed apart: decode, parse, score, preparing the
 * rows (keys, reasons, hash), the statements inside the transaction, and the rest of the
 * transaction (BEGIN, COMMIT and its WAL flush).
 */
async function whereTheTimeGoes(
  db: Db,
  files: ReturnType<typeof generateFiles>,
  now: Date,
): Promise<string[]> {
  const totals = { decode: 0, parse: 0, score: 0, prepare: 0, sql: 0, commit: 0 };
  let inside = 0;
  const timed = new Proxy(db, {
    get(target, prop, receiver) {
      if (prop !== "transaction") return Reflect.get(target, prop, receiver);
      return (fn: (tx: unknown) => Promise<unknown>, config?: unknown) =>
        target.transaction(async (tx) => {
          const start = nowMs();
          try {
            return await fn(tx);
          } finally {
            inside += nowMs() - start;
          }
        }, config as never);
    },
  }) as Db;
  let candidates = 0;
  for (const [k, f] of files.entries()) {
    let t = nowMs();
    const decoded = decodeInput(f.bytes, 10e6);
    totals.decode += nowMs() - t;
    t = nowMs();
    const parsed = parseTranscript(decoded.text, { fileName: "t.txt" });
    totals.parse += nowMs() - t;
    t = nowMs();
    const scored = scoreTranscript(parsed);
    totals.score += nowMs() - t;
    t = nowMs();
    const prepared = prepareScored(f.bytes, decoded.text, scored);
    totals.prepare += nowMs() - t;
    inside = 0;
    t = nowMs();
    await storePrepared(timed, {
      teamId: TEAM,
      fileName: `b-${k}.txt`,
      source: { kind: "cli", path: `b-${k}.txt` },
      now,
      prepared,
    });
    const total = nowMs() - t;
    totals.sql += inside;
    totals.commit += total - inside;
    candidates += scored.candidates.length;
  }
  const sum = Object.values(totals).reduce((a, b) => a + b, 0);
  const line = (stage: string, ms: number) => [
    stage,
    (ms / files.length).toFixed(2),
    ((ms / candidates) * 1000).toFixed(0),
    `${Math.round((ms / sum) * 100)}%`,
  ];
  return [
    `Where the time goes: Postgres, one file at a time, ${files.length} files of 10 candidates, each stage timed on its own (decode is also done inside parse in the shipped path; here parse gets the decoded text). ${Math.round(rateOf(candidates, sum))} cand/s in this pass.`,
    "",
    ...mdTable(
      ["stage", "ms per file", "µs per candidate", "share"],
      [
        line("decode (bytes → text)", totals.decode),
        line("parse", totals.parse),
        line("score", totals.score),
        line("prepare rows (hash, keys, reasons)", totals.prepare),
        line("SQL inside the transaction", totals.sql),
        line("BEGIN + COMMIT (WAL flush)", totals.commit),
      ],
    ),
  ];
}
