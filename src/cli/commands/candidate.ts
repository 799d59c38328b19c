import { AppError } from "../../errors.js";
import type { CliCommand } from "../command.js";

// Placeholder until its issue lands; replaced in the same session.
export const candidateCommand: CliCommand = {
  name: "candidate",
  summary: "(candidate: being built)",
  usage: "candidate",
  async run() {
    throw new AppError("USAGE", "The candidate command is being built.");
  },
};
