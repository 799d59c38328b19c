import type { AppError } from "../errors.js";
import type { Candidate } from "./model.js";

/** What each format parser hands back to `parseTranscript`. */
export interface FormatParse {
  candidates: Candidate[];
  warnings: string[];
  /** First lines of candidate blocks that were left out for having no answers. */
  brokenLines: number[];
  /** Why no candidate came out, when the format parser knows better than "no answers". */
  failure?: AppError;
}
