import type { WebClient } from "@slack/web-api";
import type { SlackMessage } from "../../../format.js";
import type { Viewer } from "../../candidate-views.js";
import { compareForViewer } from "../../compare-views.js";
import type { SlackDeps } from "../../deps.js";

/** `/candidate compare A, B[, C, D]`: the names were parsed by the router (subcommand-args.ts). */
export function handleCompareCommand(
  deps: SlackDeps,
  client: WebClient,
  viewer: Viewer,
  names: readonly string[],
): Promise<SlackMessage> {
  return compareForViewer(
    deps,
    client,
    viewer,
    names.map((query) => ({ query })),
  );
}
