import { runBacktest, type BacktestRun } from "../../engine/strategy/backtest.ts";
import type { BarSeries } from "../../engine/types.ts";
import type { Store } from "../../tools/ports/store.ts";
import { parseStrategySpec, strategyId } from "../../tools/strategy/spec-schema.ts";

const dayMs = 86_400_000;

/**
 * A strategy that trades often: in on every flat close, out after two closes. Each three bars
 * make an entry and an exit, so a month of daily bars gives well over ten filled orders.
 */
export const cycleSpec = parseStrategySpec({
  name: "Three-bar cycle",
  universe: ["AAPL"],
  timeframe: "1d",
  entry: true,
  timeExit: { bars: 2 },
  sizing: { fractionOfEquity: 0.5 },
  costs: { feeBps: 10, slippageBps: 5 },
});
export const cycleId = strategyId(cycleSpec);
const feeRate = 10 / 1e4;

/** Monday 2024-03-04, 10:00 New York (EST): the stage begins. */
export const stageStartMs = Date.UTC(2024, 2, 4, 15, 0);
/**
 * Monday 2024-04-01, 17:00 New York (EDT), after the close. NYSE sessions from 2024-03-04 to
 * 2024-04-01 inclusive, counted by hand: 5 + 5 + 5 + 4 (Good Friday, 2024-03-29, is closed) + 1 = 20.
 */
export const twentySessionsLaterMs = Date.UTC(2024, 3, 1, 21, 0);

/**
 * Daily AAPL bars stamped at UTC midnight, every weekday from `fromMs` to `toMs`: a steady rise
 * of 1.5% a day with a wobble, so a position's equity moves several percent in a month.
 */
export function cycleBars(fromMs: number, toMs: number): BarSeries {
  const times: number[] = [];
  for (let day = Math.ceil(fromMs / dayMs); day * dayMs <= toMs; day++) {
    const weekday = new Date(day * dayMs).getUTCDay();
    if (weekday !== 0 && weekday !== 6) times.push(day * dayMs);
  }
  const close = times.map((_, i) => 100 * 1.015 ** i * (1 + 0.02 * Math.sin(1.7 * i)));
  const open = close.map((_, i) =>
    i === 0 ? 100 : close[i - 1]! * (1 + 0.01 * Math.cos(2.3 * i)),
  );
  return {
    symbol: "AAPL",
    timestampMs: Float64Array.from(times),
    open: Float64Array.from(open),
    high: Float64Array.from(open, (o, i) => Math.max(o, close[i]!) * 1.005),
    low: Float64Array.from(open, (o, i) => Math.min(o, close[i]!) * 0.995),
    close: Float64Array.from(close),
    volume: Float64Array.from(times, () => 1e6),
  };
}

/** Stores the cycle strategy (plaintext spec: the test store has no keyring) and, if given, a verdict. */
export async function storeCycleStrategy(
  store: Store,
  verdict?: "pass" | "warn" | "fail",
): Promise<void> {
  await store.saveStrategy({ id: cycleId, name: cycleSpec.name, spec: cycleSpec });
  if (verdict) await store.saveValidationReport({ strategyId: cycleId, verdict, report: {} });
}

/** The backtest of the cycle strategy over `bars` between the stage's start and now. */
export function cycleBacktest(
  bars: BarSeries,
  capital: number,
  startMs: number,
  endMs: number,
): BacktestRun {
  return runBacktest(cycleSpec, [bars], { initialCash: capital, startMs, endMs });
}

export interface MirrorFill {
  symbol: string;
  side: "buy" | "sell";
  quantity: number;
  price: number;
  fee: number;
  atMs: number;
}

/**
 * The orders that reproduce a backtest's trades (and its position still open): each entry and
 * exit at its bar's time and price, with the fee the spec charges (feeBps of the fill's
 * notional), times `scale`.
 */
export function mirrorFills(run: BacktestRun, scale = 1): MirrorFill[] {
  const fills: MirrorFill[] = [];
  const fill = (side: "buy" | "sell", quantity: number, price: number, atMs: number) =>
    fills.push({
      symbol: "AAPL",
      side,
      quantity: quantity * scale,
      price,
      fee: quantity * scale * price * feeRate,
      atMs,
    });
  for (const trade of run.simulation.trades) {
    fill("buy", trade.quantity, trade.entryPrice, trade.entryTimeMs);
    fill("sell", trade.quantity, trade.exitPrice, trade.exitTimeMs);
  }
  for (const open of run.simulation.openPositions)
    fill("buy", open.quantity, open.entryPrice, open.entryTimeMs);
  return fills;
}

/**
 * Records fills as the strategy's filled orders, the way the executor leaves them: an intent,
 * its broker fill (fee and time as the broker reported them), and the intent moved to filled.
 */
export async function recordFilledOrders(
  store: Store,
  fills: readonly MirrorFill[],
  options: { strategyId: string; live: boolean; broker: string },
): Promise<void> {
  let n = 0;
  for (const fill of fills) {
    const { intent } = await store.proposeIntent(
      {
        strategyId: options.strategyId,
        broker: options.broker,
        live: options.live,
        symbol: fill.symbol,
        side: fill.side,
        quantity: fill.quantity,
        type: "market",
        limitPrice: null,
        paramsHash: (++n).toString(16).padStart(64, "0"),
        risk: {},
        queuedUntilMs: null,
      },
      { approvers: ["U1"], expiresAtMs: fill.atMs + 15 * 60_000 },
      "test",
    );
    await store.recordFill(
      {
        fillId: `fill-${intent.id}`,
        intentId: intent.id,
        quantity: fill.quantity,
        price: fill.price,
        fee: fill.fee,
        atMs: fill.atMs,
      },
      "test",
    );
    const moved = await store.moveIntent(
      intent.id,
      ["proposed"],
      "filled",
      { submitting: true, filledQuantity: fill.quantity, averageFillPrice: fill.price },
      { actor: "test", action: "order.updated", details: {} },
    );
    if (!moved) throw new Error(`intent ${intent.id} did not move to filled`);
  }
}
