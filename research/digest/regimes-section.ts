import type { EventLog, StoredEvent } from "../../tools/ports/events.ts";
import { isoTime } from "../../tools/time-input.ts";
import { rankedSection, type DigestScope } from "./digest-scope.ts";
import type { DigestWindow } from "./digest-window.ts";
import type { RegimeItem } from "./digest-schema.ts";

/** Events read per step back through the log. */
const pageEvents = 500;

type RegimeEvent = Extract<StoredEvent, { topic: "correlation.regime" }>;

/**
 * Correlation regime events logged in the window, newest first. The log is read forward from
 * an id; ids follow commit order, so logging times rise with them (to within one transaction's
 * length), and pages are read back from the newest until one starts before the window.
 */
export async function regimeEventsLogged(
  log: Pick<EventLog, "readEvents" | "lastEventId">,
  window: DigestWindow,
): Promise<RegimeEvent[]> {
  const found: RegimeEvent[] = [];
  for (let upper = await log.lastEventId(); upper > 0;) {
    const afterId = Math.max(0, upper - pageEvents);
    const page = await log.readEvents({ afterId, limit: upper - afterId });
    for (const event of page.filter((event) => event.id <= upper).reverse()) {
      if (
        event.topic === "correlation.regime" &&
        event.atMs >= window.sinceMs &&
        event.atMs < window.untilMs
      )
        found.push(event);
    }
    if (page.length > 0 && page[0]!.atMs < window.sinceMs) break;
    upper = afterId;
  }
  return found;
}

/** Correlation regime events logged in the window, newest first. */
export async function regimesSection({ store, window, desk, maxItems }: DigestScope) {
  const events = await regimeEventsLogged(store, window);
  const items = events.map(({ id, atMs, payload }): RegimeItem => ({
    eventId: id,
    logged: isoTime(atMs),
    at: isoTime(payload.atMs),
    symbols: payload.symbols,
    timeframe: payload.timeframe,
    windowBars: payload.windowBars,
    metric: payload.metric,
    direction: payload.direction,
    value: payload.value,
    baseline: payload.baseline,
    shift: payload.shift,
    ...desk.trading(payload.symbols),
  }));
  return rankedSection(
    "correlation_regimes",
    "Correlation regimes",
    items,
    maxItems,
    items.length === 0 ? ["No correlation regime event was logged in this window."] : [],
  );
}
