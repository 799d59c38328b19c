import type { WebClient } from "@slack/web-api";
import { recordAudit } from "../../../candidates/audit.js";
import { exportCandidates, exportToCsv } from "../../../candidates/export.js";
import type { SlackMessage } from "../../../format.js";
import { createSlackOutbound } from "../../../slack-outbound.js";
import type { Tier } from "../../../transcript/model.js";
import { renderNotice } from "../../blocks/candidate-summary.js";
import type { Viewer } from "../../candidate-views.js";
import type { SlackDeps } from "../../deps.js";

const DAY_MS = 86_400_000;

/**
 * `/candidate export [role=…] [tier=…] [since=30d]`: the candidates the requester may see
 * (admins: all) as a CSV, uploaded into the requester's DM with the app and nowhere else (a
 * channel would show it to everyone there), then audited with the filters and the row count.
 */
export async function handleExportCommand(
  deps: SlackDeps,
  client: WebClient,
  viewer: Viewer,
  q: { role?: string | undefined; tier?: Tier | undefined; sinceDays?: number | undefined },
  now: Date = new Date(),
): Promise<SlackMessage> {
  const channelIds = await deps.access.visibleChannels(
    deps.db,
    client,
    viewer.teamId,
    viewer.userId,
  );
  const since = q.sinceDays ? new Date(now.getTime() - q.sinceDays * DAY_MS) : undefined;
  const result = await exportCandidates(deps.db, {
    teamId: viewer.teamId,
    ...(q.role ? { role: q.role } : {}),
    ...(q.tier ? { tier: q.tier } : {}),
    ...(since ? { since } : {}),
    ...(channelIds ? { channelIds } : {}),
  });
  const audit = (details: Record<string, unknown>) =>
    recordAudit(deps.db, {
      teamId: viewer.teamId,
      actorId: viewer.userId,
      action: "export",
      ...(viewer.channelId ? { channelId: viewer.channelId } : {}),
      details: {
        tier: q.tier ?? null,
        hasRoleFilter: Boolean(q.role),
        sinceDays: q.sinceDays ?? null,
        allChannels: channelIds === undefined,
        rows: result.rows.length,
        truncated: result.truncated,
        ...details,
      },
    });
  if (result.rows.length === 0) {
    await audit({ uploaded: false });
    return renderNotice(
      "No candidates you can see match those filters, so there is nothing to export.",
    );
  }

  const names = await channelNames(client, [
    ...new Set(result.rows.flatMap((r) => (r.channelId ? [r.channelId] : []))),
  ]);
  const csv = exportToCsv(result.rows, (id) => names.get(id));
  const outbound = createSlackOutbound(client);
  const dm = await outbound.openDm(viewer.userId);
  const stamp = now.toISOString().slice(0, 10);
  const n = result.rows.length;
  const fileId = await outbound.upload({
    channel: dm,
    filename: `candidates-${stamp}.csv`,
    title: `Candidates ${stamp}`,
    content: csv,
    comment: `${n} candidate${n === 1 ? "" : "s"}${describeFilters(q)}${result.truncated ? ` (the first ${n}; narrow the filters for the rest)` : ""}.`,
  });
  await audit({ uploaded: true, fileId, dm });
  return renderNotice(
    `I sent you a CSV of ${n} candidate${n === 1 ? "" : "s"} in our direct messages; only you can see it.`,
  );
}

function describeFilters(q: { role?: string; tier?: Tier; sinceDays?: number }): string {
  const parts = [
    q.role ? `role “${q.role}”` : "",
    q.tier ? `tier ${q.tier}` : "",
    q.sinceDays ? `interviewed in the last ${q.sinceDays} days` : "",
  ].filter(Boolean);
  return parts.length > 0 ? ` (${parts.join(", ")})` : "";
}

/**
 * `#name` for each channel Slack lets us read (a spreadsheet reader knows names, not ids); a
 * channel it does not is left as its id. At most 50 look-ups per export.
 */
async function channelNames(client: WebClient, ids: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  await Promise.all(
    ids.slice(0, 50).map(async (id) => {
      try {
        const info = await client.conversations.info({ channel: id });
        const name = info.channel?.name;
        if (name) out.set(id, `#${name}`);
      } catch {
        // The id stays; the export does not depend on a channel's name.
      }
    }),
  );
  return out;
}
