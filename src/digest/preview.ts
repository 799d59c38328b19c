import type { Db } from "../db/client.js";
import { loadDigestRows } from "../db/repositories/digest-rows.js";
import type { Tier } from "../transcript/model.js";
import { buildDigest, type DigestScope } from "./build.js";

export interface DigestPreviewQuery {
  teamId: string;
  scope: DigestScope;
  end: Date;
  days: number;
  timezone: string;
  filters: { role: string | null; minTier: Tier | null };
}

/**
 * The digest for the `days` before `end`, compared with the `days` before that: the Slack
 * preview, the CLI and the demo use it.
 */
export async function previewDigest(db: Db, q: DigestPreviewQuery) {
  const span = q.days * 24 * 60 * 60_000;
  const start = new Date(q.end.getTime() - span);
  const previousStart = new Date(start.getTime() - span);
  const rows = await loadDigestRows(db, {
    teamId: q.teamId,
    scope: q.scope,
    from: previousStart,
    to: q.end,
  });
  return buildDigest({
    scope: q.scope,
    start,
    end: q.end,
    previousStart,
    timezone: q.timezone,
    filters: q.filters,
    late: false,
    dueAt: null,
    rows,
  });
}
