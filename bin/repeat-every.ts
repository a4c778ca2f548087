import type { Logger } from "../tools/ports/logger.ts";

export interface Repeating {
  /** Stops the timer and waits for a run in progress to finish. */
  stop(): Promise<void>;
}

/**
 * Runs `task` every `everyMs` in this process, never two runs at once (a run still going when
 * the next is due skips that turn): the minute's jobs of `alphadesk serve` when no worker runs
 * them. A run that fails is logged and the next one still runs.
 */
export function repeatEvery(
  name: string,
  everyMs: number,
  task: (signal: AbortSignal) => Promise<unknown>,
  log: Logger,
): Repeating {
  const stopping = new AbortController();
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    if (running) return;
    running = task(stopping.signal)
      .then(
        () => undefined,
        (error: unknown) => log.error({ err: error, task: name }, `${name} failed`),
      )
      .finally(() => {
        running = undefined;
      });
  }, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      stopping.abort();
      await running;
    },
  };
}
