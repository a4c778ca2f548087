import { createHash } from "node:crypto";
import type { ExitDistance, SymbolPlan } from "../../../../../../engine/simulate/types.ts";
import type { StrategySimulation } from "../strategy.ts";
import type { OrderRequest } from "./alpaca.ts";

export type OrderRole = "entry" | "exit" | "protect";

/**
 * The client_order_id of an order: the spec hash's first 10 characters, the symbol, the signal
 * bar's date and the order's role, at most 48 characters. A rerun of a cycle computes the same
 * id, and Alpaca refuses a second order with it, so an order is never doubled.
 */
export function clientOrderId(
  specHash: string,
  symbol: string,
  signalDay: string,
  role: OrderRole,
): string {
  return `${orderIdPrefix(specHash, symbol)}${signalDay.replaceAll("-", "")}-${role}`;
}

/** The signal date (YYYY-MM-DD) of one of this strategy's entry orders for the symbol, or null. */
export function entrySignalDay(specHash: string, symbol: string, id: string): string | null {
  const prefix = orderIdPrefix(specHash, symbol);
  const match = /^(\d{4})(\d{2})(\d{2})-entry$/.exec(
    id.startsWith(prefix) ? id.slice(prefix.length) : "",
  );
  return match ? `${match[1]}-${match[2]}-${match[3]}` : null;
}

function orderIdPrefix(specHash: string, symbol: string): string {
  const tag = symbol.replace(/[^A-Za-z0-9.]/g, "_");
  const short =
    tag.length <= 17 ? tag : createHash("sha256").update(symbol).digest("hex").slice(0, 12);
  return `ad-${specHash.slice(0, 10)}-${short}-`;
}

/**
 * Shares for an entry sized as the backtest sizes it (fraction of equity, fixed notional or the
 * volatility target's fraction on the signal bar, capped by buying power), at the signal bar's
 * close moved by the slippage, fees included; whole shares, as opening-auction orders take no
 * fractions. NaN sizing (a volatility target still warming up) gives 0.
 */
export function entryShares(
  plan: SymbolPlan,
  signal: number,
  settings: StrategySimulation,
  equity: number,
  grossValue: number,
): number {
  const { sizing, direction, feeRate, slippageRate } = settings;
  const wanted =
    sizing.kind === "fraction"
      ? sizing.fraction * equity
      : sizing.kind === "notional"
        ? sizing.notional
        : plan.sizeFraction![signal]! * equity;
  const notional = Math.min(wanted, equity - grossValue);
  const price = plan.bars.close[signal]! * (1 + direction * slippageRate);
  const shares = Math.floor(notional / (price * (1 + feeRate)));
  return shares > 0 ? shares : 0;
}

/** Price distance of an exit fixed at entry, as the backtest fixes it: NaN while ATR warms up. */
export function exitDistance(distance: ExitDistance, signal: number, fill: number): number {
  return distance.kind === "percent"
    ? (fill * distance.percent) / 100
    : distance.multiple * distance.atr[signal]!;
}

/**
 * The protective order for a filled entry: a trailing stop when the spec has one (Alpaca holds
 * one closing order per position, so a stop loss or take profit beside it is not placed), else a
 * one-cancels-other pair for a stop loss and a take profit, or the one of them there is. Good
 * till cancelled. Undefined when the spec has no such exit.
 */
export function protectiveOrder(
  plan: SymbolPlan,
  entry: { signal: number; fillPrice: number },
  position: { symbol: string; quantity: number },
): Omit<OrderRequest, "clientOrderId"> | undefined {
  const direction = position.quantity > 0 ? 1 : -1;
  const base = {
    symbol: position.symbol,
    side: direction === 1 ? ("sell" as const) : ("buy" as const),
    qty: String(Math.abs(position.quantity)),
    timeInForce: "gtc" as const,
  };
  const { signal, fillPrice } = entry;
  if (plan.trailingStop) {
    return plan.trailingStop.kind === "percent"
      ? { ...base, type: "trailing_stop", trailPercent: String(plan.trailingStop.percent) }
      : {
          ...base,
          type: "trailing_stop",
          trailPrice: priceText(exitDistance(plan.trailingStop, signal, fillPrice)),
        };
  }
  const stop = plan.stopLoss
    ? priceText(fillPrice - direction * exitDistance(plan.stopLoss, signal, fillPrice))
    : undefined;
  const target = plan.takeProfit
    ? priceText(fillPrice + direction * exitDistance(plan.takeProfit, signal, fillPrice))
    : undefined;
  if (stop !== undefined && target !== undefined)
    return {
      ...base,
      type: "limit",
      oco: { takeProfitLimitPrice: target, stopLossStopPrice: stop },
    };
  if (stop !== undefined) return { ...base, type: "stop", stopPrice: stop };
  if (target !== undefined) return { ...base, type: "limit", limitPrice: target };
  return undefined;
}

/** Alpaca's price increments: cents from $1 up, hundredths of a cent below. */
export function priceText(price: number): string {
  return price >= 1 ? price.toFixed(2) : price.toFixed(4);
}
