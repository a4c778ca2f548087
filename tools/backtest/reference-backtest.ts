/**
 * A deliberately naive second implementation of the README's bar model for one symbol, long
 * only, SMA crossover: plain arrays, window sums recomputed from scratch, no shared code with
 * the engine. Tests compare the engine against it trade by trade.
 */
export interface ReferenceTrade {
  entryIndex: number;
  entryPrice: number;
  exitIndex: number;
  exitPrice: number;
  quantity: number;
  pnl: number;
}

export function referenceSmaCrossover(
  open: number[],
  close: number[],
  fast: number,
  slow: number,
  feeBps: number,
  initialCash: number,
): { trades: ReferenceTrade[]; equity: number[] } {
  const mean = (t: number, period: number) => {
    if (t < period - 1) return NaN;
    let total = 0;
    for (let k = t - period + 1; k <= t; k++) total += close[k]!;
    return total / period;
  };
  const fee = feeBps / 10_000;
  const crosses = (t: number, up: boolean) => {
    if (t < 1) return false;
    const [a, b, a1, b1] = [mean(t, fast), mean(t, slow), mean(t - 1, fast), mean(t - 1, slow)];
    if ([a, b, a1, b1].some(Number.isNaN)) return false;
    return up ? a > b && a1 <= b1 : a < b && a1 >= b1;
  };
  let cash = initialCash;
  let quantity = 0;
  let pending: "buy" | "sell" | null = null;
  let entry = { index: 0, price: 0, fee: 0 };
  const trades: ReferenceTrade[] = [];
  const equity: number[] = [];
  for (let t = 0; t < close.length; t++) {
    if (pending === "buy") {
      const price = open[t]!;
      quantity = cash / (price * (1 + fee));
      const paid = quantity * price * fee;
      cash -= quantity * price + paid;
      entry = { index: t, price, fee: paid };
    } else if (pending === "sell") {
      const price = open[t]!;
      const paid = quantity * price * fee;
      cash += quantity * price - paid;
      trades.push({
        entryIndex: entry.index,
        entryPrice: entry.price,
        exitIndex: t,
        exitPrice: price,
        quantity,
        pnl: (price - entry.price) * quantity - entry.fee - paid,
      });
      quantity = 0;
    }
    pending = null;
    if (quantity === 0 && crosses(t, true)) pending = "buy";
    else if (quantity > 0 && crosses(t, false)) pending = "sell";
    equity.push(cash + quantity * close[t]!);
  }
  return { trades, equity };
}
