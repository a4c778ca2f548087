import type { TurnStops } from "../../agent/turn-stops.ts";
import { noteOnStderr } from "../progress.ts";

/**
 * Runs a terminal turn so that Ctrl-C (SIGINT) stops the turn rather than the process: its
 * tools see the stop (a scan stores nothing, an optimization keeps its trials) and the turn ends
 * with what had finished. A second Ctrl-C quits at once. `stopped` says whether it was pressed.
 */
export async function stoppableTurn<Result>(
  stops: TurnStops,
  threadId: string,
  turn: () => Promise<Result>,
): Promise<{ result: Result; stopped: boolean }> {
  let pressed = 0;
  const onInterrupt = () => {
    pressed += 1;
    if (pressed > 1) process.exit(130);
    stops.stop(threadId);
    noteOnStderr("\nStopping… (Ctrl-C again quits at once)\n");
  };
  process.on("SIGINT", onInterrupt);
  try {
    return { result: await stops.during(threadId, turn), stopped: pressed > 0 };
  } finally {
    process.off("SIGINT", onInterrupt);
  }
}
