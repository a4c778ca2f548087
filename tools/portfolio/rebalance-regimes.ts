import type { OrderBatch } from "../ports/orders.ts";
import type { StoredPortfolio } from "../ports/portfolios.ts";
import type { CorrelationRegimeEvent, Store } from "../ports/store.ts";
import { RebalanceSummary } from "./rebalance-schema.ts";

const dayMs = 86_400_000;
/** Regime events read, newest first: far more than a refresh every 15 minutes records in a day. */
const eventsRead = 1000;

/**
 * Regime events are dated by their bar (UTC midnight of a daily bar), so one dated the day the
 * portfolio was built counts: the build could not have seen a change measured on that day's
 * close. After a proposal, only events dated later than the latest it showed count, so a change
 * that was shown (approved, rejected or left to expire) does not propose again every day.
 */
export function regimeCutoffMs(portfolio: StoredPortfolio, latest: OrderBatch | undefined): number {
  const built = Math.floor(portfolio.createdAtMs / dayMs) * dayMs - 1;
  const shown = RebalanceSummary.pick({ regimeThroughMs: true }).safeParse(latest?.summary);
  return shown.success ? Math.max(built, shown.data.regimeThroughMs) : built;
}

/**
 * Correlation regime changes after `cutoffMs` over a set sharing at least two of `symbols` (a
 * correlation needs two; one when the portfolio holds a single symbol), latest first.
 */
export async function regimeEventsSince(
  store: Pick<Store, "listRegimeEvents">,
  symbols: ReadonlySet<string>,
  cutoffMs: number,
): Promise<CorrelationRegimeEvent[]> {
  const needed = Math.min(2, symbols.size);
  const events = await store.listRegimeEvents({ limit: eventsRead });
  return events.filter(
    (event) =>
      event.atMs > cutoffMs &&
      event.symbols.filter((symbol) => symbols.has(symbol.toUpperCase())).length >= needed,
  );
}
