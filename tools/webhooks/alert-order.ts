import { contractSpecs, futuresRoots, type FuturesRoot } from "../../engine/futures/contracts.ts";
import type { StrategySpec } from "../../engine/strategy/spec.ts";
import { contractRoot, marketOf } from "../bars/market-of.ts";

/** An order to propose, or why there is none, with how its size was decided. */
export type AlertOrder =
  | { kind: "order"; side: "buy" | "sell"; quantity: number; basis: string }
  | { kind: "none"; note: string };

const money = (value: number) =>
  value.toLocaleString("en-US", { minimumFractionDigits: 0, maximumFractionDigits: 2 });
const percent = (fraction: number) => `${Number((fraction * 100).toPrecision(6))}%`;

/**
 * What one entry takes in account currency, as the backtest sizes it: a fraction of equity,
 * a fixed notional, or for a volatility target the fraction it gives at the signal's close when
 * known (`volatilityFraction`), else its cap `maxFractionOfEquity` (an upper bound: an alert
 * carries no realized volatility to size with).
 */
export function entryNotional(
  sizing: StrategySpec["sizing"],
  equity: number,
  volatilityFraction?: number,
): { notional: number; basis: string } {
  if ("fractionOfEquity" in sizing)
    return {
      notional: sizing.fractionOfEquity * equity,
      basis: `${percent(sizing.fractionOfEquity)} of equity ${money(equity)}`,
    };
  if ("fixedNotional" in sizing)
    return {
      notional: sizing.fixedNotional,
      basis: `fixed notional ${money(sizing.fixedNotional)}`,
    };
  if (volatilityFraction !== undefined)
    return {
      notional: volatilityFraction * equity,
      basis: `${percent(volatilityFraction)} of equity ${money(equity)}, the volatility target's share at the last close`,
    };
  const cap = sizing.volatilityTarget.maxFractionOfEquity;
  return {
    notional: cap * equity,
    basis: `${percent(cap)} of equity ${money(equity)}: the volatility target's cap maxFractionOfEquity, an upper bound (the alert carries no volatility to size with; the backtest may have taken less)`,
  };
}

/**
 * Units of `symbol` that `notional` buys at `price`, rounded down to what trades: whole shares,
 * FX units and futures contracts (a contract is worth price x its point value), crypto to a
 * millionth of a coin. Undefined for a futures root whose point value is not known.
 */
export function tradableQuantity(symbol: string, notional: number, price: number) {
  const market = marketOf(symbol);
  if (market === "CRYPTO") return Math.floor((notional / price) * 1e6) / 1e6;
  if (market !== "CME") return Math.floor(notional / price);
  const root = contractRoot(symbol) ?? symbol.toUpperCase();
  const known = (futuresRoots as readonly string[]).includes(root);
  return known
    ? Math.floor(notional / (price * contractSpecs[root as FuturesRoot].pointValue))
    : undefined;
}

/** An entry: buy for a long strategy, sell short for a short one, sized from the spec. */
export function entryOrder(
  spec: Pick<StrategySpec, "sizing" | "side">,
  symbol: string,
  equity: { value: number; basis: string },
  price: number,
): AlertOrder {
  const sized = entryNotional(spec.sizing, equity.value);
  const quantity = tradableQuantity(symbol, sized.notional, price);
  const basis = `${sized.basis} (${equity.basis}) at the alert's price ${price}`;
  if (quantity === undefined)
    return {
      kind: "none",
      note: `no entry: ${symbol}'s contract size (point value) is not known here, so it cannot be sized`,
    };
  if (!(quantity > 0))
    return {
      kind: "none",
      note: `no entry: ${basis} comes to less than one tradable unit of ${symbol}`,
    };
  return { kind: "order", side: spec.side === "long" ? "buy" : "sell", quantity, basis };
}

/**
 * An exit: closes what the strategy holds of `symbol`, which is its own net filled quantity, no
 * more than the account holds on that side (positions of other strategies or bought by hand are
 * never closed by this strategy's alert).
 */
export function exitOrder(
  side: "long" | "short",
  symbol: string,
  strategyNetFilled: number,
  accountQuantity: number,
): AlertOrder {
  const sameSign = Math.sign(strategyNetFilled) === Math.sign(accountQuantity);
  const held = sameSign
    ? Math.sign(accountQuantity) * Math.min(Math.abs(strategyNetFilled), Math.abs(accountQuantity))
    : 0;
  const holding = `the strategy's filled orders net ${strategyNetFilled} ${symbol}, the account holds ${accountQuantity}`;
  if (held === 0) return { kind: "none", note: `no exit: nothing held (${holding})` };
  if (held > 0 !== (side === "long"))
    return {
      kind: "none",
      note: `no exit: the alert closes a ${side} position, but the strategy is ${held > 0 ? "long" : "short"} (${holding})`,
    };
  return {
    kind: "order",
    side: held > 0 ? "sell" : "buy",
    quantity: Math.abs(held),
    basis: `closes the ${side} position of ${Math.abs(held)} (${holding})`,
  };
}
