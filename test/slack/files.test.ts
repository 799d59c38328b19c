import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../../src/errors.js";
import {
  decideFile,
  downloadSlackFile,
  isAllowedFileUrl,
  needsFileInfo,
} from "../../src/slack/files.js";
import { slackFixture } from "../helpers/slack-requests.js";
import { type SlackStandIn, startSlackStandIn } from "../helpers/slack-stand-in.js";

const MB = 1024 * 1024;

describe("decideFile", () => {
  it("processes the real text snippet from Slack's capture", () => {
    const file = slackFixture<{ id: string }>("web-api/file_object.real_snippet.json");
    expect(decideFile(file, 10 * MB)).toEqual({ kind: "process" });
  });

  it("ignores images quietly, as the real files.info GIF example", () => {
    const { file } = slackFixture<{ file: { id: string } }>(
      "web-api/files.info.openapi-example.json",
    );
    expect(decideFile(file, 10 * MB)).toEqual({ kind: "ignore" });
    expect(decideFile({ id: "F1", name: "clip.mp4", mimetype: "video/mp4" }, MB).kind).toBe(
      "ignore",
    );
    expect(decideFile({ id: "F1", name: "archive.zip", filetype: "zip" }, MB).kind).toBe("ignore");
  });

  it("rejects other documents with a sentence saying what was expected", () => {
    const doc = decideFile({ id: "F1", name: "cv.doc", filetype: "doc" }, MB);
    expect(doc).toMatchObject({
      kind: "reject",
      code: "UNSUPPORTED_FORMAT",
      message: expect.stringMatching(/a Word document.*\.txt.*\.docx or \.pdf/),
    });
    const xlsx = decideFile({ id: "F1", name: "scores.xlsx", filetype: "xlsx" }, MB);
    expect(xlsx).toMatchObject({ kind: "reject", message: expect.stringMatching(/spreadsheet/) });
  });

  it("processes .docx and .pdf (their text is extracted after download)", () => {
    expect(
      decideFile({ id: "F1", name: "cv.pdf", mimetype: "application/pdf", filetype: "pdf" }, MB)
        .kind,
    ).toBe("process");
    expect(decideFile({ id: "F1", name: "notes.docx", filetype: "docx" }, MB).kind).toBe("process");
    expect(
      decideFile(
        {
          id: "F1",
          name: "Meeting transcript",
          mimetype: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        },
        MB,
      ).kind,
    ).toBe("process");
  });

  it("accepts captions and transcripts by extension when Slack calls them binary", () => {
    expect(
      decideFile({ id: "F1", name: "call.vtt", mimetype: "application/octet-stream" }, MB).kind,
    ).toBe("process");
    expect(
      decideFile({ id: "F1", name: "call.srt", mimetype: "application/x-subrip" }, MB).kind,
    ).toBe("process");
  });

  it("rejects a file over the limit from its metadata", () => {
    expect(decideFile({ id: "F1", name: "t.txt", size: 50 * MB }, 10 * MB)).toMatchObject({
      kind: "reject",
      code: "FILE_TOO_LARGE",
      message: expect.stringMatching(/50\.0 MB, over the 10\.0 MB limit/),
    });
  });
});

describe("needsFileInfo", () => {
  it("spots the Slack Connect stub and trusts a full file object", () => {
    const stub = slackFixture<{ event: { files: Array<{ id: string }> } }>(
      "events/message_file_share_slack_connect.json",
    ).event.files[0];
    expect(needsFileInfo(stub as { id: string })).toBe(true);
    expect(
      needsFileInfo(slackFixture<{ id: string }>("web-api/file_object.real_snippet.json")),
    ).toBe(false);
  });
});

describe("isAllowedFileUrl", () => {
  it("sends the bot token only to Slack or to the configured API host", () => {
    expect(
      isAllowedFileUrl("https://files.slack.com/files-pri/T-F/download/a.txt", undefined),
    ).toBe(true);
    expect(isAllowedFileUrl("https://evil.example/files-pri/x", undefined)).toBe(false);
    expect(isAllowedFileUrl("https://files.slack.com.evil.example/x", undefined)).toBe(false);
    expect(isAllowedFileUrl("http://files.slack.com/x", undefined)).toBe(false);
    expect(
      isAllowedFileUrl("http://127.0.0.1:4000/files-pri/x", "http://127.0.0.1:4000/api/"),
    ).toBe(true);
    expect(
      isAllowedFileUrl("http://127.0.0.1:4001/files-pri/x", "http://127.0.0.1:4000/api/"),
    ).toBe(false);
  });
});

describe("downloadSlackFile", () => {
  let slack: SlackStandIn;
  beforeAll(async () => {
    slack = await startSlackStandIn();
  });
  afterAll(() => slack.close());
  const options = () => ({
    token: "xoxb-t",
    maxBytes: 1000,
    apiUrl: slack.url,
    retries: 2,
    minRetryDelayMs: 5,
  });

  it("downloads with the bot token and retries a 5xx", async () => {
    const file = slack.addFile({ id: "FDL0000001", name: "a.txt", content: "hello" });
    slack.script("files.download", [{ status: 502 }]);
    const bytes = await downloadSlackFile(String(file.url_private_download), options());
    expect(new TextDecoder().decode(bytes)).toBe("hello");
    expect(slack.calls("files.download").map((c) => c.answeredWith)).toEqual(["502", "ok"]);
  });

  it("refuses a URL on another host without calling it", async () => {
    await expect(downloadSlackFile("https://evil.example/x", options())).rejects.toMatchObject({
      code: "DOWNLOAD_FAILED",
    });
  });

  it("rejects a non-text body and a body over the limit", async () => {
    const png = slack.addFile({
      id: "FDL0000002",
      name: "a.txt",
      content: "x",
      contentType: "image/png",
    });
    await expect(
      downloadSlackFile(String(png.url_private_download), options()),
    ).rejects.toMatchObject({ code: "BINARY_FILE" });
    const big = slack.addFile({ id: "FDL0000003", name: "b.txt", content: "y".repeat(5000) });
    const error = await downloadSlackFile(String(big.url_private_download), options()).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("FILE_TOO_LARGE");
  });

  it("explains a 403 without retrying it", async () => {
    const gone = slack.addFile({
      id: "FDL0000004",
      name: "c.txt",
      content: "z",
      downloadStatus: 403,
    });
    slack.reset();
    await expect(downloadSlackFile(String(gone.url_private_download), options())).rejects.toThrow(
      /HTTP 403/,
    );
    expect(slack.calls("files.download")).toHaveLength(1);
  });
});
