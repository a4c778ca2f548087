import { fillsEquity } from "../../engine/live/tracking.ts";
import type { ToolContext } from "../define-tool.ts";
import { AlphadeskError } from "../errors.ts";
import type { Broker, CashFlow, EquityPoint } from "../ports/broker.ts";
import type { Execution } from "../ports/execution.ts";

const dayMs = 86_400_000;
/** Quantities this close are the same holding (fractional fills, float sums). */
const sameQuantity = 1e-9;

/** The account's equity at each day's close, oldest first, and where it came from. */
export interface AccountEquity {
  source: string;
  /** The first point is the equity before the first day counted (the base its returns start from). */
  points: EquityPoint[];
  /**
   * Per point, the money the owner moved in (+) or out (-) since the point before (the first is
   * 0); null where the broker does not report deposits and withdrawals.
   */
  flows: number[] | null;
}

/**
 * The account's daily equity since `startMs` (and the close before it): the broker's own record
 * where it keeps one; else rebuilt from Alphadesk's fills at this broker, marked to the stored
 * daily closes and, today, to the prices orders are checked with. Rebuilding needs every holding
 * to come from those fills, and says so when one does not.
 */
export async function accountEquity(
  context: Pick<ToolContext, "store" | "clock">,
  execution: Execution,
  startMs: number,
): Promise<AccountEquity> {
  const { broker } = execution;
  const nowMs = context.clock.nowMs();
  if (broker.equityHistory) {
    // From a week earlier, so the close before the first day is the base; "all" is ten years.
    const from = Math.max(startMs - 7 * dayMs, nowMs - 3653 * dayMs);
    const points = await broker.equityHistory(from, nowMs);
    // A new account has no closes yet: its equity now is all there is.
    if (points.length === 0)
      points.push({ timeMs: nowMs, equity: (await broker.account()).equity });
    const counted = fromBase(points, startMs);
    return {
      source: `${broker.name}'s portfolio history`,
      points: counted,
      flows: await flowsBetween(broker, counted),
    };
  }
  // Alphadesk's own fills move no money in or out.
  return {
    source: `Alphadesk's fills at ${broker.name}, marked to the stored daily closes (today: ${execution.prices.name})`,
    points: fromBase(await rebuilt(context, execution, nowMs), startMs),
    flows: null,
  };
}

/**
 * Each point's deposits and withdrawals: those that settled after the point before's day and by
 * its own (a day's equity point is timed within its day, a flow at that day's UTC midnight). A
 * flow on or before the first point's day is already in the base.
 */
async function flowsBetween(broker: Broker, points: EquityPoint[]): Promise<number[] | null> {
  if (!broker.cashFlows) return null;
  const dayOf = (timeMs: number) => Math.floor(timeMs / dayMs) * dayMs;
  const first = dayOf(points[0]!.timeMs);
  const cashFlows: CashFlow[] =
    points.length > 1 ? await broker.cashFlows(first, dayOf(points.at(-1)!.timeMs) + dayMs) : [];
  const flows = points.map(() => 0);
  for (const flow of cashFlows) {
    if (flow.timeMs <= first) continue;
    const at = points.findIndex((point) => dayOf(point.timeMs) >= flow.timeMs);
    if (at > 0) flows[at]! += flow.amount;
  }
  return flows;
}

/** The points from `startMs` on, after the last one before it (the base), if any. */
function fromBase(points: readonly EquityPoint[], startMs: number): EquityPoint[] {
  const first = points.findIndex((point) => point.timeMs >= startMs);
  if (first === -1) return points.slice(-1);
  return points.slice(Math.max(0, first - 1));
}

async function rebuilt(
  context: Pick<ToolContext, "store">,
  execution: Execution,
  nowMs: number,
): Promise<EquityPoint[]> {
  const { broker } = execution;
  const [fills, account, positions] = await Promise.all([
    context.store.accountFills(broker.name),
    broker.account(),
    broker.positions(),
  ]);
  const filled = new Map<string, number>();
  for (const fill of fills) filled.set(fill.symbol, (filled.get(fill.symbol) ?? 0) + fill.quantity);
  const held = new Map(positions.map((position) => [position.symbol, position.quantity]));
  const unexplained = [...new Set([...filled.keys(), ...held.keys()])].filter(
    (symbol) => Math.abs((held.get(symbol) ?? 0) - (filled.get(symbol) ?? 0)) > sameQuantity,
  );
  if (unexplained.length > 0)
    throw new AlphadeskError(
      "history_unavailable",
      `${broker.name} holds what Alphadesk's fills there do not add up to (${unexplained
        .map(
          (symbol) => `${symbol}: ${held.get(symbol) ?? 0} held, ${filled.get(symbol) ?? 0} filled`,
        )
        .join(
          "; ",
        )}), so its history cannot be rebuilt from them; \`alphadesk reconcile\` compares the two`,
      "user",
    );
  const today = Math.floor(nowMs / dayMs) * dayMs;
  if (fills.length === 0) return [{ timeMs: today, equity: account.equity }];
  // Cash before the first fill: what is left now, plus everything the fills paid.
  const capital = fills.reduce(
    (cash, fill) => cash + fill.quantity * fill.price + fill.fee,
    account.cash,
  );
  const firstDay = Math.floor(fills[0]!.atMs / dayMs) * dayMs;
  const symbols = [...filled.keys()];
  const closes = new Map<string, Map<number, number>>();
  const days = new Set<number>([
    today,
    ...fills.map((fill) => Math.floor(fill.atMs / dayMs) * dayMs),
  ]);
  for (const symbol of symbols) {
    const bars = await context.store.requestBars(symbol, "1d", { startMs: firstDay, endMs: today });
    const byDay = new Map<number, number>();
    bars?.timestampMs.forEach((timeMs, i) => {
      byDay.set(timeMs, bars.close[i]!);
      days.add(timeMs);
    });
    closes.set(symbol, byDay);
  }
  // Today is marked at the price now, where one is known.
  for (const symbol of symbols) {
    const trade = await execution.prices.lastTrade(symbol);
    if (trade) closes.get(symbol)!.set(today, trade.price);
  }
  const timeline = Float64Array.from([...days].filter((day) => day <= today).sort((a, b) => a - b));
  const columns = Object.fromEntries(
    symbols.map((symbol) => {
      const byDay = closes.get(symbol)!;
      return [symbol, Float64Array.from(timeline, (day) => byDay.get(day) ?? Number.NaN)];
    }),
  );
  const equity = fillsEquity(timeline, columns, fills, capital);
  return [
    { timeMs: timeline[0]! - dayMs, equity: capital },
    ...Array.from(timeline, (timeMs, i) => ({ timeMs, equity: equity[i]! })),
  ];
}
