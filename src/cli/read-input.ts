import { readFile, stat } from "node:fs/promises";
import { basename } from "node:path";
import { AppError } from "../errors.js";

export interface InputFile {
  path: string;
  fileName: string;
  bytes: Uint8Array;
}

/** Reads a file for parsing, refusing one over `maxBytes` before reading it into memory. */
export async function readInputFile(path: string, maxBytes: number): Promise<InputFile> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new AppError("USAGE", `${path} is not a file.`);
    size = info.size;
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError("USAGE", `Cannot read ${path}: no such file or no permission.`, {
      cause: error,
    });
  }
  if (size > maxBytes) {
    throw new AppError(
      "FILE_TOO_LARGE",
      `${basename(path)} is ${formatBytes(size)}, over the ${formatBytes(maxBytes)} limit for a transcript.`,
    );
  }
  return { path, fileName: basename(path), bytes: new Uint8Array(await readFile(path)) };
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1).replace(/\.0$/, "")} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1).replace(/\.0$/, "")} KB`;
  return `${n} bytes`;
}
