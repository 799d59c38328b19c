// Below the scorer's own low-confidence line a candidate is listed as "needing attention".
import { LOW_CONFIDENCE } from "../scoring/candidate.js";
import type { InterviewFlag } from "../scoring/model.js";
import { type Tier, tiers } from "../transcript/model.js";

/**
 * The digest's content, computed from plain rows: no I/O, no clock. The scheduler, the Slack
 * `preview` subcommand and the CLI all load rows with `loadDigestRows` and call `buildDigest`,
 * so what a channel is posted and what a preview shows cannot drift apart.
 */

/** One interview in (or just before) the period, with its candidate's latest override. */
export interface DigestRow {
  interviewId: string;
  candidateId: string;
  displayName: string;
  role: string | null;
  score: number;
  tier: Tier;
  confidence: number;
  /** The one-line reason chosen at ingest (may be empty for old rows). */
  reason: string;
  strengths: string[];
  concerns: string[];
  flags: InterviewFlag[];
  interviewedAt: Date;
  override: { tier: Tier; reason: string; setBy: string; setAt: Date } | null;
}

export type DigestScope = { kind: "channel"; channelId: string } | { kind: "workspace" };

export interface DigestFilters {
  /** Case-insensitive substring of the interview's role. */
  role: string | null;
  /** Only candidates at or above this (effective) tier are listed; counts stay complete. */
  minTier: Tier | null;
}

export interface DigestInput {
  scope: DigestScope;
  /** The reported window [start, end). */
  start: Date;
  end: Date;
  /** The comparison window, [previousStart, start). */
  previousStart: Date;
  timezone: string;
  filters: DigestFilters;
  /** Posted after its due time (replicas were down): the message says so. */
  late: boolean;
  dueAt: Date | null;
  /** Rows from [previousStart, end), in any order. */
  rows: DigestRow[];
}

export interface DigestCandidate {
  candidateId: string;
  name: string;
  role: string | null;
  score: number;
  /** The computed tier of the latest interview in the period. */
  tier: Tier;
  /** The override's tier when one applies, else `tier`. */
  effectiveTier: Tier;
  confidence: number;
  reason: string;
  interviews: number;
  override: DigestRow["override"];
  flags: InterviewFlag[];
}

export interface AttentionItem {
  candidateId: string;
  name: string;
  role: string | null;
  why: string[];
}

export interface QualitySummary {
  offRoleQuestions: number;
  phantomReferences: number;
  unansweredQuestions: number;
  /** Interviews with at least one flag. */
  interviewsAffected: number;
  examples: { name: string; kind: InterviewFlag["kind"]; message: string }[];
}

/** The input's window, scope and filters, and what was found in it. */
export interface Digest extends Omit<DigestInput, "rows"> {
  interviews: number;
  candidates: number;
  previous: { interviews: number; candidates: number };
  /** Exceptional first; counts of candidates by effective tier, this period and the previous. */
  tiers: { tier: Tier; count: number; previous: number }[];
  /** Every candidate that passes the filters, best first; the renderer decides how many fit. */
  top: DigestCandidate[];
  attention: AttentionItem[];
  quality: QualitySummary;
}

const tierRank = (tier: Tier): number => tiers.indexOf(tier);

function matchesRole(role: string | null, filter: string | null): boolean {
  if (!filter) return true;
  return (role ?? "").toLocaleLowerCase().includes(filter.toLocaleLowerCase());
}

/** The override in force at `at`, when the candidate has one set by then. */
function effectiveTier(row: DigestRow, at: Date): Tier {
  return row.override && row.override.setAt.getTime() < at.getTime() ? row.override.tier : row.tier;
}

/** Latest interview per candidate (ties broken by id for a stable result) plus a count. */
interface CandidateGroup {
  row: DigestRow;
  count: number;
  /** Flags from every interview of the candidate in the window, not only the latest. */
  flags: InterviewFlag[];
}

function latestPerCandidate(rows: DigestRow[]): Map<string, CandidateGroup> {
  const byCandidate = new Map<string, CandidateGroup>();
  for (const row of rows) {
    const seen = byCandidate.get(row.candidateId);
    if (!seen) {
      byCandidate.set(row.candidateId, { row, count: 1, flags: [...row.flags] });
      continue;
    }
    seen.count += 1;
    seen.flags.push(...row.flags);
    const newer =
      row.interviewedAt.getTime() - seen.row.interviewedAt.getTime() ||
      row.interviewId.localeCompare(seen.row.interviewId);
    if (newer > 0) seen.row = row;
  }
  return byCandidate;
}

const flagLabel: Record<InterviewFlag["kind"], string> = {
  off_role_question: "off-role question",
  phantom_reference: "reference to something never said",
  unanswered_question: "unanswered question",
};

export function describeFlagKind(kind: InterviewFlag["kind"]): string {
  return flagLabel[kind];
}

export function buildDigest(input: DigestInput): Digest {
  const startMs = input.start.getTime();
  const endMs = input.end.getTime();
  const previousStartMs = input.previousStart.getTime();
  const inRole = input.rows.filter((r) => matchesRole(r.role, input.filters.role));
  const current = inRole.filter((r) => {
    const t = r.interviewedAt.getTime();
    return t >= startMs && t < endMs;
  });
  const previous = inRole.filter((r) => {
    const t = r.interviewedAt.getTime();
    return t >= previousStartMs && t < startMs;
  });

  const currentByCandidate = latestPerCandidate(current);
  const previousByCandidate = latestPerCandidate(previous);

  const tierCounts = [...tiers].reverse().map((tier) => ({
    tier,
    count: [...currentByCandidate.values()].filter(
      ({ row }) => effectiveTier(row, input.end) === tier,
    ).length,
    previous: [...previousByCandidate.values()].filter(
      ({ row }) => effectiveTier(row, input.start) === tier,
    ).length,
  }));

  const allCandidates: DigestCandidate[] = [...currentByCandidate.values()].map(
    ({ row, count, flags }) => ({
      candidateId: row.candidateId,
      name: row.displayName,
      role: row.role,
      score: row.score,
      tier: row.tier,
      effectiveTier: effectiveTier(row, input.end),
      confidence: row.confidence,
      reason: row.reason || row.strengths[0] || row.concerns[0] || "",
      interviews: count,
      override: row.override && row.override.setAt.getTime() < endMs ? row.override : null,
      flags,
    }),
  );
  const minRank = input.filters.minTier ? tierRank(input.filters.minTier) : 0;
  const listed = allCandidates
    .filter((c) => tierRank(c.effectiveTier) >= minRank)
    .sort(
      (a, b) =>
        tierRank(b.effectiveTier) - tierRank(a.effectiveTier) ||
        b.score - a.score ||
        a.name.localeCompare(b.name) ||
        a.candidateId.localeCompare(b.candidateId),
    );

  const attention: AttentionItem[] = [];
  for (const c of listed) {
    const why: string[] = [];
    if (c.override) {
      why.push(
        c.override.tier === c.tier
          ? `tier confirmed by hand as ${c.override.tier}`
          : `tier set by hand to ${c.override.tier} (computed ${c.tier})`,
      );
    }
    // Interview-quality flags are about the interviewer: they go in the "Interview quality"
    // section, never beside a candidate's name, where they read as a mark against the candidate.
    if (c.confidence < LOW_CONFIDENCE) why.push("low confidence: read the transcript");
    if (why.length > 0)
      attention.push({ candidateId: c.candidateId, name: c.name, role: c.role, why });
  }

  const quality: QualitySummary = {
    offRoleQuestions: 0,
    phantomReferences: 0,
    unansweredQuestions: 0,
    interviewsAffected: 0,
    examples: [],
  };
  const exampleKinds = new Map<InterviewFlag["kind"], number>();
  // Interviews of one file share a time: by name next, so the examples do not depend on ids.
  const byTime = [...current].sort(
    (a, b) =>
      a.interviewedAt.getTime() - b.interviewedAt.getTime() ||
      a.displayName.localeCompare(b.displayName) ||
      a.interviewId.localeCompare(b.interviewId),
  );
  for (const row of byTime) {
    if (row.flags.length > 0) quality.interviewsAffected += 1;
    for (const flag of row.flags) {
      if (flag.kind === "off_role_question") quality.offRoleQuestions += 1;
      else if (flag.kind === "phantom_reference") quality.phantomReferences += 1;
      else quality.unansweredQuestions += 1;
      // Interviewer problems are the point of this section; one example per kind is enough.
      if (flag.kind !== "unanswered_question" && (exampleKinds.get(flag.kind) ?? 0) < 1) {
        exampleKinds.set(flag.kind, 1);
        quality.examples.push({ name: row.displayName, kind: flag.kind, message: flag.message });
      }
    }
  }

  return {
    scope: input.scope,
    start: input.start,
    end: input.end,
    previousStart: input.previousStart,
    timezone: input.timezone,
    filters: input.filters,
    late: input.late,
    dueAt: input.dueAt,
    interviews: current.length,
    candidates: currentByCandidate.size,
    previous: { interviews: previous.length, candidates: previousByCandidate.size },
    tiers: tierCounts,
    top: listed,
    attention,
    quality,
  };
}
