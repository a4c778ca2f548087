/** A tool's progress report: 0 to 1 and what it is doing. */
export type ProgressListener = (fraction: number, message: string) => void;

/**
 * Routes tool progress to the chat thread whose turn runs the tool: the agent's tool context
 * reports by thread id (`report`), and the conversation showing that thread listens (`listen`).
 * Reports for a thread nobody listens to are dropped.
 */
export class TurnProgress {
  private readonly listeners = new Map<string, Set<ProgressListener>>();

  listen(threadId: string, listener: ProgressListener): () => void {
    const set = this.listeners.get(threadId) ?? new Set<ProgressListener>();
    set.add(listener);
    this.listeners.set(threadId, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(threadId);
    };
  }

  report(threadId: string, fraction: number, message = ""): void {
    for (const listener of this.listeners.get(threadId) ?? []) listener(fraction, message);
  }
}
