import { isStopRequest } from "../../turn-stops.ts";
import type { Intent } from "../intent.ts";

/**
 * "Stop", "cancel the scan" when nothing runs: a face stops a running turn itself (the message
 * never reaches the planner then), so reaching here means the last answer had finished.
 */
export const stopTurn: Intent = {
  title: "stopping running work",
  tools: [],
  examples: ["stop", "cancel the scan"],
  matches: ({ raw }) => isStopRequest(raw),
  plan: () => ({
    kind: "answered",
    text: 'Nothing is running in this conversation, so nothing was stopped: the last answer had finished. While long work runs (a scan, an optimization, a research ingest), say "stop" in its Slack or Discord thread, or press Ctrl-C in the terminal: a scan then stores nothing, an optimization keeps its trials (the same request resumes it). Orders have their own words: "cancel my AAPL order", "cancel all my open orders", "stop all trading".',
  }),
};
