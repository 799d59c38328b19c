import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { splitLines } from "../../src/transcript/decode.js";
import { type ParseResult, parseTranscript } from "../../src/transcript/index.js";
import { readCaptionCues } from "../../src/transcript/subtitles.js";

const fixtures = new URL("../fixtures/transcripts/", import.meta.url);
const read = (path: string) => new Uint8Array(readFileSync(new URL(path, fixtures)));
const parseFixture = (path: string): ParseResult =>
  parseTranscript(read(path), { fileName: path.split("/").pop() });
const cuesOf = (path: string) =>
  readCaptionCues(splitLines(readFileSync(new URL(path, fixtures), "utf8").replace(/^\uFEFF/, "")));

describe("Teams WebVTT", () => {
  it("reads GUID cue ids and HTML entities in voice tags, without a WEBVTT header", () => {
    const cues = cuesOf("teams/teams_guid_cue_ids.excerpt.vtt");
    const perSpeaker = new Map<string, number>();
    for (const c of cues)
      perSpeaker.set(c.speaker ?? "", (perSpeaker.get(c.speaker ?? "") ?? 0) + 1);
    // The totals the source of this excerpt gives.
    expect(Object.fromEntries(perSpeaker)).toEqual({
      "Carlos Farías": 13,
      "Alfredo Artigas": 2,
      "Mauricio Cruzat": 1,
    });
    // A cue's two lines are one line of speech; no GUID leaks into any text.
    expect(cues.map((c) => c.text)).toContain("vente más si ahí les llega la imagen si se ve bien");
    expect(cues.some((c) => /[0-9a-f]{8}-/.test(c.text))).toBe(false);
    expect(cues[0]?.line).toBe(2);
  });

  it("parses the excerpt as a (non-interview) conversation and says so", () => {
    const result = parseFixture("teams/teams_guid_cue_ids.excerpt.vtt");
    expect(result.format).toBe("webvtt");
    expect(result.candidates[0]?.name).toBe("Carlos Farías");
    expect(result.candidates[0]?.answers).toHaveLength(1);
    expect(result.warnings).toContain(
      "Only one question and answer was found; check that this file is an interview.",
    );
  });

  it("reads the older Teams export with unpadded times and overlapping cues", () => {
    const cues = cuesOf("teams/webvtt-py_teams_timeframe.vtt");
    expect(cues.map((c) => [c.start, c.speaker, c.text])).toEqual([
      [0, "Yuri Bakulin", "There you go."],
      [210, "Adrian Petrescu", "Why hello there, Yuri."],
    ]);
  });

  it("collapses one speaker's consecutive cues and drops backchannel cues in an interview", () => {
    const result = parseFixture("hand-made/teams-interview.vtt");
    const [c] = result.candidates;
    expect(c).toMatchObject({ name: "Renée O'Connor", nameSource: "label" });
    expect(c?.answers.map((a) => [a.question, a.answer])).toEqual([
      [
        "Thanks for joining, Renée. Can you walk me through a migration you led?",
        "Sure. We moved billing from a cron job to a queue & workers, which cut failed invoices from 2% to 0.1%.",
      ],
      [
        "How did you keep <exactly-once> delivery?",
        "Idempotency keys on every invoice, checked in one transaction.",
      ],
    ]);
  });
});

describe("Zoom WebVTT", () => {
  it("reads `Name: text` cues and joins a cue with no speaker to the turn before it", () => {
    const cues = cuesOf("zoom/zoomGroupStats_meeting003_transcript.head.vtt");
    expect(cues).toHaveLength(35);
    expect(cues[0]).toMatchObject({
      speaker: "Andrew Knight",
      text: "Okay, so we're recording. We're streaming",
    });
    expect(cues[33]).toMatchObject({ speaker: null, text: "And that" });
    const result = parseFixture("zoom/zoomGroupStats_meeting003_transcript.head.vtt");
    expect(result.format).toBe("webvtt");
    expect(result.warnings).toContain(
      "1 caption cue(s) name no speaker; each was joined to the turn of the speaker before it.",
    );
    expect(result.warnings).toContain(
      "5 people speak in this transcript; everyone but the candidate was treated as an interviewer.",
    );
  });

  it("pairs a Zoom interview and names the candidate from their label", () => {
    const [c] = parseFixture("hand-made/zoom-interview.vtt").candidates;
    expect(c?.name).toBe("Jordan Reyes");
    expect(c?.answers.map((a) => a.question)).toEqual([
      "Hi Jordan, thanks for coming in. Tell me about yourself.",
      "What's the hardest outage you handled?",
      "Why a canary rather than a staging test?",
    ]);
    expect(c?.answers[0]?.answer).toBe(
      "I'm a backend engineer; for five years I've built payment APIs in Go. and before that I did QA.",
    );
  });
});

describe("SRT", () => {
  it("parses an SRT interview with a BOM, CRLF and role labels", () => {
    const result = parseFixture("hand-made/interview.srt");
    expect(result.format).toBe("srt");
    expect(result.candidates[0]).toMatchObject({ name: "interview", nameSource: "file-name" });
    expect(result.candidates[0]?.answers.map((a) => [a.question, a.answer])).toEqual([
      ["What is a closure?", "A function together with the variables it captured from its scope."],
      ["When would you use one?", "For callbacks that need state, like a counter."],
    ]);
  });
});

describe("captions without speakers", () => {
  it.each([
    "subtitles/webvtt-py_sample.srt",
    "subtitles/webvtt-py_captions_with_bom.vtt",
    "subtitles/webvtt-py_cue_tags.vtt",
  ])("%s is rejected as not a transcript, with the reason", (path) => {
    expect(() => parseFixture(path)).toThrow(
      expect.objectContaining({
        code: "NOT_A_TRANSCRIPT",
        message: expect.stringContaining("name no speakers"),
      }),
    );
  });

  it("reads inline timestamps and class tags out of cue text", () => {
    expect(cuesOf("subtitles/webvtt-py_cue_tags.vtt").map((c) => c.text)).toEqual([
      "When the moon hits your eye",
      "Like a big-a pizza pie",
      "That's amore",
    ]);
  });

  it("reports a malformed caption file with the line of the bad cue", () => {
    const text = "WEBVTT\n\nnot a cue\n\n00:00:01.000 --> 00:00:02.000\nInterviewer: Hi?\n";
    expect(() => parseTranscript(text)).toThrow(
      expect.objectContaining({
        code: "NOT_A_TRANSCRIPT",
        line: 3,
        message:
          'Line 3: the caption file is malformed: a cue is missing its "start --> end" timing line.',
      }),
    );
  });
});

describe("SRT styling", () => {
  it("drops <font>/<i> tags and ASS override codes from cue text", () => {
    const srt = [
      "1",
      "00:00:01,000 --> 00:00:02,000",
      '{\\an8}<font color="#fff">Interviewer: What is <i>idempotency</i>?</font>',
      "",
      "2",
      "00:00:02,500 --> 00:00:05,000",
      "Candidate: Doing it twice has the same effect as once.",
      "",
    ].join("\n");
    const result = parseTranscript(srt);
    expect(result.format).toBe("srt");
    expect(result.candidates[0]?.answers[0]).toMatchObject({
      question: "What is idempotency?",
      answer: "Doing it twice has the same effect as once.",
    });
  });
});

describe("cue text whitespace", () => {
  it("joins a cue's lines with one space and keeps spaces within a line", () => {
    const vtt = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nfirst line  \n   second\tline\n";
    expect(readCaptionCues(splitLines(vtt)).map((c) => c.text)).toEqual([
      "first line second\tline",
    ]);
  });

  // Not a speed target: the old pattern rescanned the run from every space (16 s here, growing
  // with the square of its length); the time limit only stops such a regression hanging.
  it("reads a cue holding a 200,000-space run without a line break", { timeout: 5_000 }, () => {
    const vtt = `WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nhello${" ".repeat(200_000)}there\n`;
    expect(readCaptionCues(splitLines(vtt)).map((c) => c.text)).toEqual(["hello there"]);
  });
});
