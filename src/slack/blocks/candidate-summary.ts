import type { CandidateMatch, CandidateSummary } from "../../candidates/types.js";
import {
  type Block,
  button,
  clipLines,
  context,
  escapeMrkdwn,
  formatScore,
  header,
  messageLink,
  oneLine,
  type SlackMessage,
  section,
  slackDate,
  tierBadge,
  tierName,
} from "../../format.js";
import { actionIds } from "../action-ids.js";

export interface SummaryOptions {
  /** Show the "Share in channel" button (only where the viewer may share). */
  shareable: boolean;
  /** Workspace domain from the request, for links to the source message. */
  teamDomain?: string | undefined;
  /** Who shared it, when it is posted visibly. */
  sharedBy?: string | undefined;
}

const flagLabels: Record<string, string> = {
  off_role_question: "Off-role question",
  phantom_reference: "Interviewer referred to something never said",
  unanswered_question: "Unanswered question",
};

function bulletList(items: readonly string[], max: number): string {
  if (items.length === 0) return "_none noted_";
  const shown = items.slice(0, max).map((s) => `• ${escapeMrkdwn(oneLine(s, 180))}`);
  if (items.length > max) shown.push(`• …and ${items.length - max} more`);
  return shown.join("\n");
}

/**
 * The candidate card: score and tier (with any override next to the computed score), the
 * per-question scores with reasons, strengths, concerns, interview-quality flags and the
 * interview history with links to the source files.
 */
export function renderCandidateSummary(s: CandidateSummary, options: SummaryOptions): SlackMessage {
  const blocks: Block[] = [header(s.name)];
  const roles = s.roles.length > 0 ? escapeMrkdwn(s.roles.join(", ")) : "_role not stated_";
  const confidence =
    s.confidence === null ? "" : ` · confidence ${Math.round(s.confidence * 100)}%`;
  const lines = [`${roles}`, `*${tierBadge(s.tier)}* · ${formatScore(s.score)}${confidence}`];
  if (s.override) {
    lines.push(
      `Tier set by hand to *${tierName(s.override.tier)}* by <@${s.override.setBy}> on ${slackDate(s.override.setAt)}: ${escapeMrkdwn(oneLine(s.override.reason, 300))} (computed: ${tierName(s.computedTier)}, ${formatScore(s.score)})`,
    );
  }
  if (s.reason) lines.push(`_${escapeMrkdwn(oneLine(s.reason, 300))}_`);
  blocks.push(section(lines.join("\n")));

  if (s.answers.length > 0) {
    const answerLines = s.answers.map((a) => {
      const struggled = a.struggled ? " · struggled" : "";
      return `*Q${a.n}* ${formatScore(a.score)}${struggled}: ${escapeMrkdwn(oneLine(a.reason || a.question, 160))}`;
    });
    blocks.push(section(`*Per question*\n${answerLines.join("\n")}`));
  }
  blocks.push({
    type: "section",
    fields: [
      { type: "mrkdwn", text: clipLines(`*Strengths*\n${bulletList(s.strengths, 5)}`, 2000) },
      { type: "mrkdwn", text: clipLines(`*Concerns*\n${bulletList(s.concerns, 5)}`, 2000) },
    ],
  });
  if (s.flags.length > 0) {
    const flagLines = s.flags
      .slice(0, 6)
      .map(
        (f) =>
          `:triangular_flag_on_post: ${flagLabels[f.kind] ?? f.kind}${f.n ? ` (Q${f.n})` : ""}: ${escapeMrkdwn(oneLine(f.message, 160))}`,
      );
    blocks.push(section(`*Interview quality*\n${flagLines.join("\n")}`));
  }
  if (s.interviews.length > 0) {
    const history = s.interviews.slice(0, 10).map((i) => {
      const link =
        i.channelId && i.messageTs
          ? messageLink(options.teamDomain, i.channelId, i.messageTs)
          : undefined;
      const file = i.fileName ? escapeMrkdwn(oneLine(i.fileName, 80)) : "transcript";
      const source = link
        ? `<${link}|${file}>`
        : i.channelId
          ? `${file} in <#${i.channelId}>`
          : file;
      return `${slackDate(i.interviewedAt)} · ${escapeMrkdwn(oneLine(i.role ?? "role not stated", 60))} · ${tierName(i.tier)} ${formatScore(i.score)} · ${source}`;
    });
    blocks.push(section(`*Interviews*\n${history.join("\n")}`));
  }
  if (options.sharedBy) blocks.push(context(`Shared by <@${options.sharedBy}>`));
  if (options.shareable) {
    blocks.push({
      type: "actions",
      elements: [button("Share in channel", actionIds.share, s.candidateId)],
    });
  }
  const text = `${s.name}: ${tierName(s.tier)}, ${formatScore(s.score)}`;
  return { text, blocks: blocks.slice(0, 50) };
}

/** One line of a choice list (lookup and admin picks alike): name, roles, tier and score. */
export function matchLine(m: CandidateMatch): string {
  const roles =
    m.roles.length > 0 ? escapeMrkdwn(oneLine(m.roles.join(", "), 80)) : "role not stated";
  return `*${escapeMrkdwn(oneLine(m.name, 80))}* · ${roles} · ${tierName(m.tier)} ${formatScore(m.score)}`;
}

/** Several people match: one button each. */
export function renderChoices(query: string, matches: readonly CandidateMatch[]): SlackMessage {
  const blocks: Block[] = [
    section(`Several candidates match “${escapeMrkdwn(oneLine(query, 80))}”. Which one?`),
  ];
  matches.slice(0, 10).forEach((m, i) => {
    blocks.push({
      type: "section",
      text: { type: "mrkdwn", text: matchLine(m) },
      accessory: button("Show", `${actionIds.details}:${i}`, m.candidateId),
    });
  });
  return { text: `Several candidates match “${query}”.`, blocks };
}

/** Nobody matches: suggestions the viewer may see, or a plain "no one". */
export function renderNoMatch(query: string, suggestions: readonly CandidateMatch[]): SlackMessage {
  if (suggestions.length === 0) {
    return {
      text: `No candidate matches “${query}”.`,
      blocks: [
        section(
          `No candidate matches “${escapeMrkdwn(oneLine(query, 80))}”. \`/candidate list\` shows the candidates you can see.`,
        ),
      ],
    };
  }
  const blocks: Block[] = [
    section(`No candidate matches “${escapeMrkdwn(oneLine(query, 80))}”. Did you mean:`),
  ];
  suggestions.slice(0, 5).forEach((m, i) => {
    blocks.push({
      type: "section",
      text: { type: "mrkdwn", text: matchLine(m) },
      accessory: button("Show", `${actionIds.details}:${i}`, m.candidateId),
    });
  });
  return { text: `No candidate matches “${query}”. Did you mean ${suggestions[0]?.name}?`, blocks };
}

export function renderRefusal(): SlackMessage {
  const text =
    "Sorry, you can only look up candidates whose transcripts were shared in a channel you are in; ask a hiring admin if you need access.";
  return { text, blocks: [section(text)] };
}

export function renderUsage(commandName = "/candidate"): SlackMessage {
  const c = commandName;
  const text = [
    `*${c}* finds interview results. Only you see the answers.`,
    `• \`${c} Jane Smith\`: a candidate's scores, strengths, concerns and interviews (typos are fine)`,
    `• \`${c} list [role] [tier]\`: top candidates, e.g. \`${c} list python strong\``,
    `• \`${c} digest subscribe [weekday] [HH:MM] [timezone]\`, \`unsubscribe\`, \`status\`, \`preview\`: this channel's weekly digest`,
    `• \`${c} override <name> [<tier> <reason>]\`, \`${c} forget <name>\`, \`${c} channel public-replies on|off\`: hiring admins only`,
    "Share an interview transcript (.txt, .md, .vtt, .srt) in a channel I'm in and I'll score it in the thread.",
  ].join("\n");
  return { text: `How to use ${c}`, blocks: [section(text)] };
}

export function renderNotice(text: string): SlackMessage {
  return { text, blocks: [section(escapeMrkdwn(text))] };
}
