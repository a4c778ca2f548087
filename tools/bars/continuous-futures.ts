import { formatDay } from "../../engine/calendar/civil-date.ts";
import { continuousBackAdjusted, type ContinuousSeries } from "../../engine/futures/continuous.ts";
import {
  contractsBetween,
  futuresRoots,
  type FuturesRoot,
} from "../../engine/futures/contracts.ts";
import { notFound } from "../errors.ts";
import type { Store, Timeframe, TimeRange } from "../ports/store.ts";

const dayMs = 86_400_000;

export function isFuturesRoot(symbol: string): symbol is FuturesRoot {
  return (futuresRoots as readonly string[]).includes(symbol);
}

/**
 * A futures root's continuous series (`MES`), stitched from its stored contracts (`MESH25`,
 * `MESM25`, ...) at the roll days of engine/futures and back-adjusted by difference, so the
 * latest contract's prices are as traded and point P&L across a roll is real. Leading and
 * trailing contracts that are not stored shorten the series; a missing one in between is an
 * error naming it. Undefined when no contract of the root is stored.
 */
export async function requestContinuousFutures(
  store: Store,
  root: FuturesRoot,
  timeframe: Timeframe,
  range: TimeRange,
): Promise<ContinuousSeries | undefined> {
  const code = new RegExp(`^${root}[FGHJKMNQUVXZ]\\d{2}$`);
  const stored = (await store.listSymbols(timeframe)).filter((summary) =>
    code.test(summary.symbol),
  );
  if (stored.length === 0) return undefined;
  const firstDay = Math.floor(Math.min(...stored.map((s) => s.firstMs)) / dayMs);
  const lastMs = Math.max(...stored.map((s) => s.lastMs));
  const lastDay = Math.floor(Math.min(lastMs, range.endMs ?? lastMs) / dayMs);
  const have = new Set(stored.map((summary) => summary.symbol));
  const schedule = contractsBetween(root, firstDay, lastDay);
  const first = schedule.findIndex((span) => have.has(span.code));
  const last = schedule.findLastIndex((span) => have.has(span.code));
  const spans = first < 0 ? [] : schedule.slice(first, last + 1);
  const missing = spans.filter((span) => !have.has(span.code));
  if (missing.length > 0 || spans.length === 0) {
    throw notFound(
      `the continuous ${root} series needs ${missing.map((span) => `${span.code} (front ${formatDay(span.fromDay)} to ${formatDay(span.toDay - 1)})`).join(", ") || "a contract in the stored span"}; stored: ${[...have].join(", ")}`,
    );
  }
  const contracts = await Promise.all(
    spans.map(async (span) => {
      const bars = await store.requestBars(span.code, timeframe, range);
      if (!bars) throw notFound(`${span.code} has no ${timeframe} bars in the requested range`);
      return { code: span.code, bars };
    }),
  );
  return continuousBackAdjusted(contracts, spans, "difference");
}
