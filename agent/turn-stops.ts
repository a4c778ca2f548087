/**
 * Lets a person stop the turn that runs in their thread: a face runs each turn through `during`
 * and stops it on request ("stop" in a chat thread, Ctrl-C in the terminal); the agent reads the
 * thread's `signal`, hands it to the tools it runs and ends the turn once it fires.
 */
export class TurnStops {
  private readonly running = new Map<string, AbortController>();

  /** Runs one turn in `threadId` with a stop of its own: an earlier turn's never carries over. */
  async during<Result>(threadId: string, turn: () => Promise<Result>): Promise<Result> {
    const controller = new AbortController();
    this.running.set(threadId, controller);
    try {
      return await turn();
    } finally {
      if (this.running.get(threadId) === controller) this.running.delete(threadId);
    }
  }

  /** The running turn's signal; undefined when no turn runs in `threadId`. */
  signal(threadId: string): AbortSignal | undefined {
    return this.running.get(threadId)?.signal;
  }

  /** Stops the turn running in `threadId`; false when none runs there. */
  stop(threadId: string): boolean {
    const controller = this.running.get(threadId);
    if (!controller) return false;
    controller.abort(new Error("stopped by the person in the conversation"));
    return true;
  }
}

/** Work a person may name when stopping it: "stop the scan", "cancel the optimization". */
const work =
  "(?:it|that|this|everything|the (?:scan|optimi[sz]ation|backtest|search|ingest(?:ion)?|research|run|job|request|work|turn|query))";

const stopRequest = new RegExp(
  `^(?:please )?(?:(?:stop|cancel|abort|kill)(?: ${work})?(?: now)?|never ?mind|forget (?:it|that))(?: please)?$`,
);

/**
 * A message that asks to stop the turn running in its thread: "stop", "cancel the scan",
 * "abort that", "never mind". Orders have their own words ("cancel my AAPL order", "stop all
 * trading"): none of those is one.
 */
export function isStopRequest(text: string): boolean {
  const words = text
    .toLowerCase()
    .replace(/[.!\s]+$/u, "")
    .replace(/^[\s,]+/u, "")
    .replace(/\s+/gu, " ");
  return stopRequest.test(words);
}
