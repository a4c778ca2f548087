import { marketOf } from "../bars/market-of.ts";
import { amount, figure, percent } from "./format.ts";

interface Sized {
  quantity: number;
  notional: number;
  riskAtStop: number;
}

interface SizingOutput {
  symbol: string;
  side: "buy" | "sell";
  entry: { price: number; source: string };
  stop: {
    price: number;
    rule: string;
    atr: { value: number; period: number; asOf: string } | null;
  };
  equity: { value: number; source: string };
  /** Absent from results given before size_position told it. */
  held?: number;
  riskBudget: number;
  riskPerUnit: number;
  sized: Sized & { shareOfEquity: number };
  gate: {
    /** Absent from results given before size_position checked a given entry as a limit. */
    order?: { type: "market" | "limit"; limitPrice: number | null };
    passes: boolean;
    reason: { message: string } | null;
    largestPassing: Sized | null;
  };
}

/** A sum of coin quantities without binary noise (0.1 + 0.2 is 0.3 here). */
const exact = (quantity: number) => Number(quantity.toPrecision(12));

const unitNames = { CME: "contract", CRYPTO: "coin", FX: "unit", NYSE: "share" } as const;

/** "56 shares of SPY", "1 contract of ES", "0.066666 BTC/USD": as an order is asked for. */
function units(symbol: string, quantity: number): string {
  const market = marketOf(symbol);
  if (market === "CRYPTO") return `${quantity} ${symbol}`;
  const unit = unitNames[market];
  return `${quantity} ${quantity === 1 ? unit : `${unit}s`} of ${symbol}`;
}

/**
 * size_position: the arithmetic from budget to quantity as the tool did it, what the gate would
 * say, and how to act on it (an order to propose, an alert at the stop: nothing rests at a broker).
 */
export function describeSizing(result: SizingOutput): string {
  const { symbol, side, entry, stop, equity, sized, gate } = result;
  const unit = unitNames[marketOf(symbol)];
  const measured = stop.atr
    ? `; ATR(${stop.atr.period}) ${figure(stop.atr.value)} as of ${stop.atr.asOf.slice(0, 10)}`
    : "";
  const from = entry.source === "given" ? "as given" : `the last trade from ${entry.source}`;
  const budget = `${amount(result.riskBudget)} (${percent(result.riskBudget / equity.value)} of ${amount(equity.value)} equity, ${equity.source})`;
  const lines = [
    `${side === "buy" ? "Long" : "Short"} ${symbol} at ${figure(entry.price)}, ${from}, with the stop at ${figure(stop.price)} (${stop.rule}${measured}).`,
    sized.quantity === 0
      ? `One ${unit} loses ${figure(result.riskPerUnit)} at the stop, more than the ${budget} risked: risk more, or put the stop closer.`
      : `Risking ${budget} at ${figure(result.riskPerUnit)} a ${unit} to the stop: ${units(symbol, sized.quantity)}, ${amount(sized.notional)} notional (${percent(sized.shareOfEquity, 1)} of equity), ${amount(sized.riskAtStop)} lost at the stop.`,
  ];
  lines.push(...heldLines(result));
  const passing = gate.largestPassing;
  const limit = gate.order?.limitPrice ?? null;
  const checked = limit === null ? "" : ` as a limit order at ${figure(limit)}`;
  if (gate.reason)
    lines.push(`The risk gate would refuse that size${checked} now: ${gate.reason.message}`);
  if (passing)
    lines.push(
      passing.quantity > 0
        ? `It passes at most ${units(symbol, passing.quantity)}: ${amount(passing.notional)} notional, ${amount(passing.riskAtStop)} (${percent(passing.riskAtStop / equity.value)}) lost at the stop.`
        : "It passes no size of this order now.",
    );
  const quantity = passing ? passing.quantity : gate.passes ? sized.quantity : 0;
  if (quantity > 0)
    lines.push(
      `Nothing is ordered: "${side} it"${limit === null ? ` (or "${side} ${units(symbol, quantity)}")` : ""} proposes it${checked} (the gate checks it again, a person approves it). No stop rests at the broker: "alert me if ${symbol} ${side === "buy" ? "drops below" : "rises above"} ${figure(stop.price)}" tells you when it is reached.`,
    );
  return lines.join("\n");
}

/**
 * What the account already holds changes what the sized order does: on the same side it adds to
 * a position the stop would also cut (the budget counted only the new units); against it, the
 * order first reduces that position, so the sized position would not stand alone.
 */
function heldLines({ symbol, side, held = 0, sized, riskPerUnit, equity }: SizingOutput): string[] {
  if (held === 0 || sized.quantity === 0) return [];
  const holding = `You already hold ${units(symbol, Math.abs(held))} ${held > 0 ? "long" : "short"}`;
  const sameSide = held > 0 === (side === "buy");
  if (sameSide) {
    const all = exact(Math.abs(held) + sized.quantity);
    const atStop = all * riskPerUnit;
    return [
      `${holding}: with these it is ${units(symbol, all)}, and if the whole position is stopped at the same price it loses ${amount(atStop)} (${percent(atStop / equity.value)} of equity); the budget counted only the new ones.`,
    ];
  }
  const left = exact(Math.abs(held) - sized.quantity);
  return [
    `${holding}: ${side === "buy" ? "buying" : "selling"} ${sized.quantity} first ${left >= 0 ? `cuts it to ${left}` : `closes it, leaving ${-left} ${side === "buy" ? "long" : "short"}`}, not a ${side === "buy" ? "long" : "short"} of ${sized.quantity}: close it first ("close my ${symbol} position") for this one to stand alone.`,
  ];
}
