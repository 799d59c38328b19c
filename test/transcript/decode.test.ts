import { describe, expect, it } from "vitest";
import { decodeInput, splitLines } from "../../src/transcript/decode.js";

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
};

describe("decodeInput", () => {
  it("decodes UTF-8 with and without a BOM, and UTF-16 LE/BE with a BOM", () => {
    const text = "Zoë: “¿Qué?” — 日本語";
    expect(decodeInput(Buffer.from(text)).text).toBe(text);
    expect(
      decodeInput(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])).text,
    ).toBe(text);
    expect(
      decodeInput(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")])).text,
    ).toBe(text);
    const be = Buffer.from(text, "utf16le").swap16();
    expect(decodeInput(Buffer.concat([Buffer.from([0xfe, 0xff]), be])).text).toBe(text);
    expect(decodeInput(`\uFEFF${text}`).text).toBe(text);
  });

  it("recognises UTF-16 without a BOM by its zero bytes, and says so", () => {
    const result = decodeInput(Buffer.from("Interviewer: Hello there, how are you?", "utf16le"));
    expect(result.text).toBe("Interviewer: Hello there, how are you?");
    expect(result.warnings[0]).toMatch(/no byte-order mark/);
  });

  it("reads legacy Windows-1252 text that is not UTF-8, with a warning", () => {
    const result = decodeInput(
      Uint8Array.from([0x43, 0x61, 0x66, 0xe9, 0x20, 0x93, 0x6f, 0x6b, 0x94]),
    );
    expect(result.text).toBe("Café “ok”");
    expect(result.warnings[0]).toMatch(/Windows-1252/);
  });

  it("rejects empty and whitespace-only files", () => {
    expect(codeOf(() => decodeInput(new Uint8Array()))).toBe("EMPTY_FILE");
    expect(codeOf(() => decodeInput(" \r\n\t\n"))).toBe("EMPTY_FILE");
    expect(codeOf(() => decodeInput(Uint8Array.from([0xef, 0xbb, 0xbf])))).toBe("EMPTY_FILE");
  });

  it("rejects binary data and names well-known containers", () => {
    expect(
      codeOf(() => decodeInput(Uint8Array.from([0x41, 0x00, 0x00, 0x01, 0x02, 0x42, 0x00, 0x07]))),
    ).toBe("BINARY_FILE");
    expect(() => decodeInput(Buffer.from("%PDF-1.7\n..."))).toThrow(/looks like a PDF document/);
    expect(() => decodeInput(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]))).toThrow(
      /zip archive/,
    );
    expect(codeOf(() => decodeInput("text with a NUL \u0000 inside"))).toBe("BINARY_FILE");
  });

  it("rejects input over the size limit before decoding it", () => {
    expect(codeOf(() => decodeInput(new Uint8Array(2048), 1024))).toBe("FILE_TOO_LARGE");
    expect(() => decodeInput("é".repeat(600), 1024)).toThrow(/1\.2 KB, over the 1 KB limit/);
    expect(decodeInput("a".repeat(1024), 1024).text).toHaveLength(1024);
  });
});

describe("splitLines", () => {
  it("splits LF, CRLF and lone CR alike", () => {
    expect(splitLines("a\nb\r\nc\rd")).toEqual(["a", "b", "c", "d"]);
    expect(splitLines("a\r\n\r\nb")).toEqual(["a", "", "b"]);
  });
});
