import type { StrategyStage } from "../../tools/ports/trading.ts";
import { parseStrategySpec, strategyId } from "../../tools/strategy/spec-schema.ts";
import { dailySeries } from "./daily-series.ts";
import { orderHarness, type OrderHarness } from "./order-harness.ts";

/** Daily bars and breakout strategies whose signals at the last close are worked by hand. */
export const dayMs = 86_400_000;
/** Four daily bars to Monday 2024-06-03; the harness's clock is Tuesday 10:00 New York. */
export const firstBarMs = Date.UTC(2024, 4, 31);

const series = (symbol: string, closes: number[]) => dailySeries(symbol, firstBarMs, closes);

const bars = [
  // Close over 100 at the last bar: the entry holds there.
  series("ENTR", [95, 96, 97, 101]),
  series("ENT2", [95, 96, 97, 102]),
  // Entered at the third open (105 > 100 at the second close), exits at the last close (85 < 90).
  series("EXIT", [95, 105, 110, 85]),
  // Entered at the third open and still held.
  series("HOLD", [95, 105, 110, 108]),
  series("WAIT", [95, 96, 97, 98]),
];

/** Entry: close > 100, exit: close < 90, half of the equity per entry, no costs. */
export function breakout(universe: string[], fractionOfEquity = 0.5) {
  const spec = parseStrategySpec({
    name: `breakout ${universe.join(" ")}`,
    universe,
    entry: { gt: ["close", 100] },
    exit: { lt: ["close", 90] },
    sizing: { fractionOfEquity },
  });
  return { spec, id: strategyId(spec) };
}

/** An order harness (at the clock's default, a Tuesday at 10:00 New York) with the bars stored, each symbol's last trade at 100. */
export async function strategyOrderHarness(options: Parameters<typeof orderHarness>[0] = {}) {
  const h = await orderHarness(options);
  await h.store.writeBars("1d", bars);
  for (const { symbol } of bars) await h.setPrice(symbol, 100);
  return h;
}

/** The strategy stored, at `stage` with `capital` unless it stays at backtest. */
export async function storedAt(
  h: OrderHarness,
  strategy: ReturnType<typeof breakout>,
  stage: StrategyStage,
  capital = 20_000,
) {
  await h.store.saveStrategy({ id: strategy.id, name: strategy.spec.name, spec: strategy.spec });
  if (stage !== "backtest") await h.store.setStage(strategy.id, stage, { capital }, "U1", h.now());
}
