import { AppError } from "../../errors.js";
import type { CliCommand } from "../command.js";

// Placeholder until its issue lands; replaced in the same session.
export const digestCommand: CliCommand = {
  name: "digest",
  summary: "(digest: being built)",
  usage: "digest",
  async run() {
    throw new AppError("USAGE", "The digest command is being built.");
  },
};
