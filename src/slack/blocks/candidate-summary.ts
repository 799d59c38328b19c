import type { CandidateMatch, CandidateSummary } from "../../candidates/types.js";
import {
  type Block,
  button,
  clipLines,
  context,
  cutReason,
  escapeMrkdwn,
  formatScore,
  header,
  messageLink,
  oneLine,
  type SlackMessage,
  section,
  sentenceKey,
  shortQuestion,
  slackDate,
  tierBadge,
  tierName,
} from "../../format.js";
import { LOW_CONFIDENCE } from "../../scoring/candidate.js";
import { actionIds } from "../action-ids.js";
import { flagLabel } from "./interview-flags.js";

export interface SummaryOptions {
  /** Show the "Share in channel" button (only where the viewer may share). */
  shareable: boolean;
  /** Show the admin buttons (change tier, delete), which open modals. */
  admin?: boolean | undefined;
  /** Workspace domain from the request, for links to the source message. */
  teamDomain?: string | undefined;
  /** Who shared it, when it is posted visibly. */
  sharedBy?: string | undefined;
}

function bulletList(items: readonly string[], max: number, none: string): string {
  if (items.length === 0) return none;
  const shown = items.slice(0, max).map((s) => `• ${escapeMrkdwn(cutReason(s, 180))}`);
  if (items.length > max) shown.push(`• …and ${items.length - max} more`);
  return shown.join("\n");
}

/**
 * Keeps track of what a card has said, so no sentence appears twice (the headline reason is
 * usually also the first strength and one question's reason).
 */
function saidOnce() {
  const seen: string[] = [];
  // A sentence cut for a headline ("…passionate about"…) is the same sentence as the whole one.
  const keyOf = (text: string) => sentenceKey(text).replace(/…/gu, "").trim();
  return {
    isNew(text: string): boolean {
      const key = keyOf(text);
      return key.length > 0 && !seen.some((k) => k.startsWith(key) || key.startsWith(k));
    },
    say(text: string): void {
      const key = keyOf(text);
      if (key.length > 0) seen.push(key);
    },
  };
}

/** One line per question: the question shortened, the score, and one reason not said above. */
function perQuestion(s: CandidateSummary, said: ReturnType<typeof saidOnce>): string[] {
  return s.answers.map((a) => {
    const struggled = a.struggled ? " · could not answer" : "";
    const head = `*Q${a.n}* · ${formatScore(a.score)}${struggled} · _${escapeMrkdwn(shortQuestion(a.question, 90))}_`;
    const reason = [...(a.reasons ?? []), a.reason].find((r) => r && said.isNew(r));
    if (!reason) return head;
    said.say(reason);
    return `${head}\n${escapeMrkdwn(cutReason(reason, 160))}`;
  });
}

/**
 * The candidate card: score and tier (with any override next to the computed score), the
 * per-question lines (question, score, one reason), strengths and concerns not already said,
 * the interview-quality flags apart ("About the interview": they are about the questions, not
 * the candidate), the interview history with links, and the buttons the viewer may use.
 */
export function renderCandidateSummary(s: CandidateSummary, options: SummaryOptions): SlackMessage {
  const blocks: Block[] = [header(s.name)];
  const said = saidOnce();
  const roles = s.roles.length > 0 ? escapeMrkdwn(s.roles.join(", ")) : "_role not stated_";
  const lines = [`${roles}`, `*${tierBadge(s.tier)}* · ${formatScore(s.score)}`];
  if (s.override) {
    lines.push(
      `Tier set by hand to *${tierName(s.override.tier)}* by <@${s.override.setBy}> on ${slackDate(s.override.setAt)}: ${escapeMrkdwn(oneLine(s.override.reason, 300))} (computed: ${tierName(s.computedTier)}, ${formatScore(s.score)})`,
    );
  }
  if (s.reason) {
    said.say(s.reason);
    lines.push(`_${escapeMrkdwn(cutReason(s.reason, 300))}_`);
  }
  if (s.confidence !== null && s.confidence < LOW_CONFIDENCE) {
    lines.push(
      ":grey_question: *Low confidence:* another tier is about as likely as this one; read the transcript before deciding.",
    );
  }
  blocks.push(section(lines.join("\n")));
  const scoredBy = scoredByLine(s);
  if (scoredBy) blocks.push(context(scoredBy));

  if (s.answers.length > 0) {
    blocks.push(section(`*Per question*\n${perQuestion(s, said).join("\n")}`));
  }
  const strengths = s.strengths.filter((x) => said.isNew(x));
  const concerns = s.concerns.filter((x) => said.isNew(x));
  const noneLeft = (all: readonly string[]) =>
    all.length === 0 ? "_none noted_" : "_nothing beyond the lines above_";
  blocks.push({
    type: "section",
    fields: [
      {
        type: "mrkdwn",
        text: clipLines(`*Strengths*\n${bulletList(strengths, 5, noneLeft(s.strengths))}`, 2000),
      },
      {
        type: "mrkdwn",
        text: clipLines(`*Concerns*\n${bulletList(concerns, 5, noneLeft(s.concerns))}`, 2000),
      },
    ],
  });
  if (s.flags.length > 0) {
    const flagLines = s.flags
      .slice(0, 6)
      .map(
        (f) =>
          `:triangular_flag_on_post: ${flagLabel(f.kind)}${f.n ? ` (Q${f.n})` : ""}: ${escapeMrkdwn(cutReason(f.message, 200))}`,
      );
    blocks.push(
      section(
        `*About the interview*\n_About the questions asked, not the candidate: the affected scores say less._\n${flagLines.join("\n")}`,
      ),
    );
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
  const buttons = [
    ...(options.shareable ? [button("Share in channel", actionIds.share, s.candidateId)] : []),
    ...(options.admin
      ? [
          button("Change tier…", actionIds.overrideOpen, s.candidateId),
          button("Delete…", actionIds.forgetOpen, s.candidateId, "danger"),
        ]
      : []),
  ];
  if (buttons.length > 0) blocks.push({ type: "actions", elements: buttons });
  const text = `${s.name}: ${tierName(s.tier)}, ${formatScore(s.score)}`;
  return { text, blocks: blocks.slice(0, 50) };
}

/** Who scored the latest interview, when a language model was involved (else nothing). */
export function scoredByLine(s: Pick<CandidateSummary, "scoredBy">): string | null {
  const by = s.scoredBy;
  if (!by) return null;
  const model = escapeMrkdwn(oneLine(by.model ?? "a language model", 60));
  const offline =
    by.offlineScore === null ? "" : ` (offline scorer alone: ${formatScore(by.offlineScore)})`;
  if (by.kind === "llm") return `Scored by the language model ${model}${offline}.`;
  if (by.kind === "blend") return `Scored by ${model} blended with the offline scorer${offline}.`;
  return by.fallback === "partial"
    ? "Partly scored offline: the language model did not judge every answer."
    : "Scored offline: the language model did not answer.";
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
    `• \`${c} compare Jane Smith, John Doe\`: two to four candidates side by side`,
    `• \`${c} export [role=…] [tier=…] [since=30d]\`: a CSV of the candidates you can see, sent to you in a DM`,
    `• \`${c} digest subscribe [weekday] [HH:MM] [timezone]\`, \`unsubscribe\`, \`status\`, \`preview\`: this channel's weekly digest`,
    `• \`${c} override <name> [<tier> <reason>]\`, \`${c} forget <name>\`, \`${c} channel public-replies on|off\`: hiring admins only`,
    "Share an interview transcript (.txt, .md, .vtt, .srt) in a channel I'm in and I'll score it in the thread.",
  ].join("\n");
  return { text: `How to use ${c}`, blocks: [section(text)] };
}

export function renderNotice(text: string): SlackMessage {
  return { text, blocks: [section(escapeMrkdwn(text))] };
}
