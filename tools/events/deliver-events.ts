import type { EventLog, EventTopic, StoredEvent } from "../ports/events.ts";

export interface DeliveryOptions {
  /** A named subscriber resumes from its saved cursor and saves it after each event. */
  subscriber?: string;
  topics?: readonly EventTopic[];
  /** Where a subscriber without a cursor starts: after this id (default: the newest event, so only new ones). */
  afterId?: number;
  /** Keep waiting for new events until `signal` aborts (default: stop when caught up). */
  follow?: boolean;
  /** How often to look for new events while following (default 1000 ms). */
  pollMs?: number;
  signal?: AbortSignal;
}

const batch = 100;

/**
 * Hands events to `handle` in id order, at least once: a named subscriber's cursor moves only
 * after `handle` resolves, so an event whose handling failed (the error is rethrown) comes
 * again on the next run. Polling keeps it the same on PGlite and on a PostgreSQL server.
 */
export async function deliverEvents(
  log: EventLog,
  options: DeliveryOptions,
  handle: (event: StoredEvent) => Promise<void> | void,
): Promise<number> {
  const { subscriber, topics, follow = false, pollMs = 1000, signal } = options;
  const saved = subscriber === undefined ? undefined : await log.eventCursor(subscriber);
  let cursor = saved ?? options.afterId ?? (await log.lastEventId());
  let delivered = 0;
  while (!signal?.aborted) {
    const events = await log.readEvents({
      afterId: cursor,
      limit: batch,
      ...(topics ? { topics } : {}),
    });
    for (const event of events) {
      if (signal?.aborted) break;
      await handle(event);
      cursor = event.id;
      delivered++;
      if (subscriber !== undefined) await log.saveEventCursor(subscriber, cursor);
    }
    if (events.length === batch) continue;
    if (!follow) break;
    await pause(pollMs, signal);
  }
  return delivered;
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}
