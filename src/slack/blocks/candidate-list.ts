import type { CandidateList } from "../../candidates/types.js";
import {
  type Block,
  button,
  clipLines,
  context,
  escapeMrkdwn,
  formatScore,
  oneLine,
  type SlackMessage,
  section,
  tierBadge,
  tierName,
} from "../../format.js";
import type { Tier } from "../../transcript/model.js";
import { actionIds } from "../action-ids.js";

export interface ListQuery {
  role?: string | undefined;
  tier?: Tier | undefined;
  offset: number;
}

/** The state a paging button carries (kept small: Slack limits a value to 2,000 characters). */
export function encodeListQuery(q: ListQuery): string {
  return JSON.stringify({ r: q.role ?? null, t: q.tier ?? null, o: q.offset });
}

export function describeFilter(q: Pick<ListQuery, "role" | "tier">): string {
  const parts = [
    q.tier ? `${tierName(q.tier)} ` : "",
    "candidates",
    q.role ? ` for “${oneLine(q.role, 60)}”` : "",
  ];
  return parts.join("");
}

/** One page of top candidates with Previous/Next buttons and a Details button per row. */
export function renderCandidateList(list: CandidateList, q: ListQuery): SlackMessage {
  const what = describeFilter(q);
  if (list.total === 0) {
    const text = `No ${what} you can see yet.`;
    return { text, blocks: [section(escapeMrkdwn(text))] };
  }
  const first = list.offset + 1;
  const last = list.offset + list.rows.length;
  const blocks: Block[] = [
    section(`*Top ${escapeMrkdwn(what)}*: ${first}–${last} of ${list.total}`),
  ];
  list.rows.forEach((r, i) => {
    const role = r.role ?? r.roles[0];
    const overridden = r.overridden ? " (set by hand)" : "";
    blocks.push({
      type: "section",
      text: {
        type: "mrkdwn",
        text: clipLines(
          `*${first + i}. ${escapeMrkdwn(oneLine(r.name, 80))}*${role ? ` · ${escapeMrkdwn(oneLine(role, 80))}` : ""}\n${tierBadge(r.tier)}${overridden} · ${formatScore(r.score)}\n${escapeMrkdwn(oneLine(r.reason, 160))}`,
          3000,
        ),
      },
      accessory: button("Details", `${actionIds.details}:${i}`, r.candidateId),
    });
  });
  const nav = [];
  if (list.offset > 0) {
    nav.push(
      button(
        "◀ Previous",
        `${actionIds.listPage}:0`,
        encodeListQuery({ ...q, offset: Math.max(0, list.offset - list.limit) }),
      ),
    );
  }
  if (last < list.total) {
    nav.push(button("Next ▶", `${actionIds.listPage}:1`, encodeListQuery({ ...q, offset: last })));
  }
  if (nav.length > 0) blocks.push({ type: "actions", elements: nav });
  blocks.push(context("Only candidates from channels you are in are listed."));
  return { text: `Top ${what}: ${first}–${last} of ${list.total}`, blocks };
}
