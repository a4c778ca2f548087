/** What the account holds of one symbol: units (open orders counted as filled) and their value. */
export interface Holding {
  quantity: number;
  marketValue: number;
}

export interface RebalanceAccount {
  equity: number;
  buyingPower: number;
  /** By symbol; a symbol not held is absent. */
  holdings: ReadonlyMap<string, Holding>;
  /** Last trade by symbol; an unpriced symbol is absent. */
  prices: ReadonlyMap<string, number>;
}

export interface SymbolDrift {
  symbol: string;
  /** Share of equity held now. */
  currentWeight: number;
  targetWeight: number;
  /** currentWeight - targetWeight. */
  drift: number;
}

export interface PlannedOrder {
  symbol: string;
  side: "buy" | "sell";
  /** Units, fractional (floored to millionths, or the whole holding for an exit). */
  quantity: number;
  price: number;
  notional: number;
  currentWeight: number;
  targetWeight: number;
}

export interface RebalancePlan {
  /** Every target symbol, largest absolute drift first. */
  drifts: SymbolDrift[];
  /** Sells first, then buys, each by symbol. */
  orders: PlannedOrder[];
  /** Target symbols without a last trade: no order can be sized for them. */
  unpriced: string[];
  /** Orders left out because their notional is below the minimum. */
  belowMinimum: number;
  /** The share every buy was cut to so that buys fit the buying power and the sells' proceeds (1: no cut). */
  buyScale: number;
  /** Symbols whose order was cut to fit the per-order limits: the batch goes part of the way. */
  stepped: string[];
  /**
   * Symbols whose buy was cut (or left out) so the position stays within `maxPositionNotional`:
   * their targets stay out of reach until the limit is raised.
   */
  capped: string[];
}

/** The risk gate's limits a rebalance sizes its orders within. */
export interface SizeLimits {
  maxOrderNotional: number;
  maxOrderQuantity: number;
  /** A position's notional after a buy; sells reduce positions and are never cut for it. */
  maxPositionNotional: number;
}

/**
 * The share of a notional limit a cut order fills: the gate prices it again when it is proposed
 * and when it is sent, and a price a little higher must not push it over.
 */
export const steppedNotionalShare = 0.98;

/** Units are floored to millionths: Alpaca takes fractional quantities to 9 decimals, cards stay readable. */
const stepsPerUnit = 1_000_000;

/**
 * Units floored to millionths, after cutting binary noise at 12 significant digits (30240 / 50 -
 * 600 is 4.7999999999999545 in binary; it must still floor to 4.8).
 */
export function floorQuantity(units: number): number {
  return Math.floor(Number((units * stepsPerUnit).toPrecision(12))) / stepsPerUnit;
}

/**
 * The orders that bring the account's target symbols to their target weights of equity. Symbols
 * the account holds outside the targets are left alone. A symbol's current weight is its units at
 * the last trade (its market value where unpriced) over equity; its target units are target
 * weight x equity / last trade. Buys are cut pro rata when they would exceed the buying power plus
 * what the sells bring in; then an order larger than the per-order limits allow is cut to fit
 * them (to `steppedNotionalShare` of the notional limit), so the batch moves the account part of
 * the way and the next rebalance goes on (each order still passes the gate and a person's click),
 * and a buy is cut so the position stays within `maxPositionNotional` (its target stays out of
 * reach). Orders under `minOrderNotional` (a buy cut to nothing among them) are left out.
 */
export function planRebalance(
  targets: ReadonlyMap<string, number>,
  account: RebalanceAccount,
  minOrderNotional: number,
  limits: SizeLimits = {
    maxOrderNotional: Infinity,
    maxOrderQuantity: Infinity,
    maxPositionNotional: Infinity,
  },
): RebalancePlan {
  const { equity, holdings, prices } = account;
  if (!(equity > 0)) throw new RangeError(`equity must be greater than 0 (was ${equity})`);
  const drifts: SymbolDrift[] = [];
  const sells: PlannedOrder[] = [];
  const buys: PlannedOrder[] = [];
  const unpriced: string[] = [];
  let belowMinimum = 0;
  for (const [symbol, targetWeight] of targets) {
    const held = holdings.get(symbol);
    const price = prices.get(symbol);
    const heldUnits = held?.quantity ?? 0;
    const value = price === undefined ? (held?.marketValue ?? 0) : heldUnits * price;
    const currentWeight = value / equity;
    drifts.push({ symbol, currentWeight, targetWeight, drift: currentWeight - targetWeight });
    if (price === undefined) {
      unpriced.push(symbol);
      continue;
    }
    const change = (targetWeight * equity) / price - heldUnits;
    const exit = targetWeight === 0 && heldUnits > 0;
    const quantity = exit ? heldUnits : floorQuantity(Math.abs(change));
    if (quantity === 0) continue;
    const order = {
      symbol,
      side: change < 0 ? ("sell" as const) : ("buy" as const),
      quantity,
      price,
      notional: quantity * price,
      currentWeight,
      targetWeight,
    };
    (order.side === "sell" ? sells : buys).push(order);
  }
  const proceeds = sells.reduce((sum, order) => sum + order.notional, 0);
  const buyTotal = buys.reduce((sum, order) => sum + order.notional, 0);
  const budget = Math.max(0, account.buyingPower + proceeds);
  const buyScale = buyTotal > budget ? budget / buyTotal : 1;
  const scaled =
    buyScale === 1
      ? buys
      : buys.map((order) => {
          const quantity = floorQuantity(order.quantity * buyScale);
          return { ...order, quantity, notional: quantity * order.price };
        });
  const bySymbol = (a: PlannedOrder, b: PlannedOrder) => a.symbol.localeCompare(b.symbol);
  const stepped: string[] = [];
  const capped: string[] = [];
  const withinLimits = (order: PlannedOrder): PlannedOrder => {
    const perOrder = floorQuantity(
      Math.min(
        limits.maxOrderQuantity,
        (limits.maxOrderNotional * steppedNotionalShare) / order.price,
      ),
    );
    const held = Math.max(0, holdings.get(order.symbol)?.quantity ?? 0);
    const positionRoom =
      order.side === "buy"
        ? floorQuantity(
            Math.max(0, (limits.maxPositionNotional * steppedNotionalShare) / order.price - held),
          )
        : Infinity;
    const most = Math.min(perOrder, positionRoom);
    if (order.quantity <= most) return order;
    (positionRoom < perOrder ? capped : stepped).push(order.symbol);
    return { ...order, quantity: most, notional: most * order.price };
  };
  const sized = [...sells.sort(bySymbol), ...scaled.sort(bySymbol)].map(withinLimits);
  const orders = sized.filter((order) => {
    const kept = order.quantity > 0 && order.notional >= minOrderNotional;
    // A buy capped to nothing is said as capped, not as small.
    if (!kept && !(order.quantity === 0 && capped.includes(order.symbol))) belowMinimum++;
    return kept;
  });
  drifts.sort((a, b) => Math.abs(b.drift) - Math.abs(a.drift) || a.symbol.localeCompare(b.symbol));
  return { drifts, orders, unpriced, belowMinimum, buyScale, stepped, capped };
}
