import { AppError } from "../../errors.js";
import type { CliCommand } from "../command.js";

// Placeholder until its issue lands; replaced in the same session.
export const ingestCommand: CliCommand = {
  name: "ingest",
  summary: "(ingest: being built)",
  usage: "ingest",
  async run() {
    throw new AppError("USAGE", "The ingest command is being built.");
  },
};
