import type {
  ExitReason,
  OpenPosition,
  SimulationBuffers,
  SimulationConfig,
  SimulationResult,
  SymbolPlan,
  Trade,
} from "./types.ts";

/**
 * Exposure where equity is not positive. A module constant rather than the global `NaN`, and
 * stored from its own branch rather than as a ternary's value: V8 (Node 20) boxes a hot
 * ternary's result when one side is a division and the other this constant, a heap number
 * allocated per bar (the global made the flat loop three times slower; the ternary cost the
 * holding loop a sixth of its time).
 */
export const undefinedExposure = NaN;

/**
 * The event loop of `simulatePortfolio` for the commonest backtest: one symbol, market orders
 * only (no stop, target or trailing stop). With one symbol there is nothing to align or share,
 * so the state lives in locals instead of per-symbol arrays and a ledger, and the loop runs in
 * two tight phases, flat and holding, which makes it three to four times faster. It must do the
 * same arithmetic as the general loop, so that trades, equity and metrics are identical to the
 * last bit: `single-symbol.test.ts` compares the two on random specs and bars.
 */
export function simulateSingleSymbol(
  plan: SymbolPlan,
  config: SimulationConfig,
  begin: number,
  windowEnd: number,
  buffers?: SimulationBuffers,
): SimulationResult {
  // An end before the start leaves an empty period, as in the general loop.
  const end = Math.max(begin, windowEnd);
  const { direction, feeRate, slippageRate, sizing } = config;
  const { symbol, timestampMs, open, close } = plan.bars;
  const { entry, exit, sizeFraction } = plan;
  const side = direction === 1 ? "long" : "short";
  const timeExitBars = config.timeExitBars ?? Infinity;
  const steps = end - begin;
  const equity =
    buffers && buffers.equity.length >= steps ? buffers.equity : new Float64Array(steps);
  const grossExposure =
    buffers && buffers.grossExposure.length >= steps
      ? buffers.grossExposure
      : new Float64Array(steps);
  const trades: Trade[] = [];
  let cash = config.initialCash;
  let traded = 0;
  let feesPaid = 0;
  let skippedEntries = 0;
  let quantity = 0; // signed: positive long, negative short
  let entryPrice = 0;
  let entryTimeMs = 0;
  let entryFee = 0;

  let i = begin;
  while (i < end) {
    // Flat: equity is the cash (a flat book marks at 0) until an entry signal on a close.
    const flatExposure = cash > 0 ? 0 : undefinedExposure;
    while (i < end) {
      equity[i - begin] = cash;
      grossExposure[i - begin] = flatExposure;
      if (entry[i++] === 1) break;
    }
    if (i >= end) break;

    // The entry fills at this open, sized on the cash (all of the equity and buying power).
    const fill = open[i]! * (1 + direction * slippageRate);
    const wanted =
      sizing.kind === "fraction"
        ? sizing.fraction * cash
        : sizing.kind === "notional"
          ? sizing.notional
          : sizeFraction![i - 1]! * cash;
    const notional = Math.min(wanted, cash);
    if (!(notional > 0)) {
      skippedEntries++;
      continue;
    }
    const size = notional / (fill * (1 + feeRate));
    const fee = size * fill * feeRate;
    cash -= direction * size * fill + fee;
    traded += size * fill;
    feesPaid += fee;
    quantity = direction * size;
    entryPrice = fill;
    entryTimeMs = timestampMs[i]!;
    entryFee = fee;

    // Holding: mark at each close until an exit signal, or through the bar of the time exit.
    const entryBar = i;
    const holdEnd = Math.min(end, entryBar + timeExitBars);
    let exitReason: ExitReason = "timeExit";
    while (i < holdEnd) {
      const price = close[i]!;
      const marked = cash + quantity * price;
      equity[i - begin] = marked;
      if (marked > 0) grossExposure[i - begin] = (size * price) / marked;
      else grossExposure[i - begin] = undefinedExposure;
      const signal = exit !== null && exit[i] === 1;
      i++;
      if (signal) {
        exitReason = "signal";
        break;
      }
    }
    const barsHeld = i - entryBar;
    // A signal on the last bar has no next open: the position stays open.
    if (i >= end) break;

    const exitFill = open[i]! * (1 - direction * slippageRate);
    const exitFee = size * exitFill * feeRate;
    cash += quantity * exitFill - exitFee;
    traded += size * exitFill;
    feesPaid += exitFee;
    trades.push({
      symbol,
      side,
      entryTimeMs,
      entryPrice,
      exitTimeMs: timestampMs[i]!,
      exitPrice: exitFill,
      quantity: size,
      pnl: direction * (exitFill - entryPrice) * size - entryFee - exitFee,
      fees: entryFee + exitFee,
      barsHeld,
      exitReason: exitReason!,
    });
    quantity = 0;
  }

  const openPositions: OpenPosition[] = [];
  if (quantity !== 0) {
    const size = Math.abs(quantity);
    const lastClose = close[end - 1]!;
    openPositions.push({
      symbol,
      side,
      entryTimeMs,
      entryPrice,
      quantity: size,
      lastPrice: lastClose,
      unrealizedPnl: direction * (lastClose - entryPrice) * size - entryFee,
    });
  }
  return {
    timestampMs: timestampMs.subarray(begin, end),
    equity: equity.subarray(0, steps),
    grossExposure: grossExposure.subarray(0, steps),
    trades,
    openPositions,
    tradedNotional: traded,
    feesPaid,
    skippedEntries,
  };
}
