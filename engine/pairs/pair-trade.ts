import { rollingHedge, type RollingHedge } from "./rolling-hedge.ts";

/** Two legs' bars on the same timestamps (joined beforehand), oldest first. */
export interface PairBars {
  timestampMs: Float64Array;
  openA: Float64Array;
  closeA: Float64Array;
  openB: Float64Array;
  closeB: Float64Array;
}

export interface PairRule {
  /** Bars in the rolling window of the hedge ratio and z-score. */
  lookback: number;
  /** Enter when |z| reaches this. */
  entryZ: number;
  /** Leave when z comes back within this of zero (0: when it crosses zero). */
  exitZ: number;
  /** Leave when |z| reaches this against the position (the spread kept diverging); null: never. */
  stopZ: number | null;
  feeBps: number;
  slippageBps: number;
  initialCash: number;
}

export type SpreadSide = "long_spread" | "short_spread";

export interface PairLeg {
  /** Signed: positive held long, negative sold short. */
  quantity: number;
  entryPrice: number;
  exitPrice: number | null;
}

export interface PairTrade {
  /** Long the spread: A bought, B sold short (z was low); short the spread: the reverse. */
  side: SpreadSide;
  /** Bar of the fill (the open after the signal). */
  entryIndex: number;
  exitIndex: number | null;
  entryZ: number;
  exitZ: number | null;
  hedgeRatio: number;
  a: PairLeg;
  b: PairLeg;
  /** Net of fees and slippage; marked to the last close for a trade still open. */
  pnl: number;
  exitReason: "mean" | "stop" | null;
}

export interface PairSimulation extends RollingHedge {
  /** Equity at each close: cash plus both legs marked to their closes. */
  equity: Float64Array;
  /** Gross notional held at each close over equity. */
  grossExposure: Float64Array;
  /** Closed trades, then the open one (its exit null) if any. */
  trades: PairTrade[];
  tradedNotional: number;
  /** The first bar whose window is full (a hedge ratio): trading can start there; -1 if none. */
  firstFullWindow: number;
  /** What the last close decided for the next open (an entry or an exit), if anything. */
  next: { action: "enter"; side: SpreadSide } | { action: "exit"; reason: "mean" | "stop" } | null;
}

/**
 * A pair trade on the bar model of the backtester: at bar t's close the rolling z-score of the
 * spread ln A - b ln B - a (rollingHedge) decides; orders fill at bar t+1's open, slippage
 * against each leg, fees on each leg's notional. Long the spread when z <= -entryZ (buy A, sell B
 * short), short it when z >= entryZ (the reverse); out when z is back within exitZ of zero, or
 * at stopZ against the position. A position is sized at entry so its gross notional (|A| + |B|)
 * is the equity at the signal's close, with B's notional b times A's (the log-price regression's
 * dollar hedge), and keeps its quantities until it is closed. Short proceeds are cash; no borrow
 * fee or margin interest.
 */
export function simulatePairTrade(bars: PairBars, rule: PairRule): PairSimulation {
  const { timestampMs, openA, closeA, openB, closeB } = bars;
  const length = timestampMs.length;
  for (const [name, column] of Object.entries({ openA, closeA, openB, closeB }))
    if (column.length !== length)
      throw new RangeError(`${name} has ${column.length} bars; the timestamps have ${length}`);
  if (!(rule.entryZ > rule.exitZ) || rule.exitZ < 0)
    throw new RangeError(
      `entryZ must be above exitZ, and exitZ at least 0 (were ${rule.entryZ} and ${rule.exitZ})`,
    );
  if (rule.stopZ !== null && !(rule.stopZ > rule.entryZ))
    throw new RangeError(`stopZ must be above entryZ (were ${rule.stopZ} and ${rule.entryZ})`);
  const hedge = rollingHedge(closeA, closeB, rule.lookback);
  const { zScore, hedgeRatio } = hedge;
  const feeRate = rule.feeBps / 1e4;
  const slip = rule.slippageBps / 1e4;
  const equity = new Float64Array(length);
  const grossExposure = new Float64Array(length);
  const trades: PairTrade[] = [];
  let cash = rule.initialCash;
  let open: PairTrade | null = null;
  let tradedNotional = 0;
  /** Cash before the open trade's entry: its P&L is the cash it returns on top. */
  let entryCash = 0;
  /** What the next open does: enter a side, or exit for a reason. */
  let pending: { enter: SpreadSide; z: number; hedgeRatio: number; equity: number } | null = null;
  let pendingExit: { reason: "mean" | "stop"; z: number } | null = null;

  const fill = (quantity: number, openPrice: number) => {
    const price = openPrice * (1 + Math.sign(quantity) * slip);
    const notional = Math.abs(quantity) * price;
    cash -= quantity * price + notional * feeRate;
    tradedNotional += notional;
    return price;
  };

  for (let t = 0; t < length; t++) {
    if (pendingExit && open) {
      open.a.exitPrice = fill(-open.a.quantity, openA[t]!);
      open.b.exitPrice = fill(-open.b.quantity, openB[t]!);
      open.exitIndex = t;
      open.exitZ = pendingExit.z;
      open.exitReason = pendingExit.reason;
      open.pnl = cash - entryCash;
      trades.push(open);
      open = null;
    } else if (pending) {
      const b = pending.hedgeRatio;
      const notionalA = pending.equity / (1 + Math.abs(b));
      const sign = pending.enter === "long_spread" ? 1 : -1;
      const quantityA = (sign * notionalA) / openA[t]!;
      const quantityB = (-sign * b * notionalA) / openB[t]!;
      entryCash = cash;
      const entryA = fill(quantityA, openA[t]!);
      const entryB = fill(quantityB, openB[t]!);
      open = {
        side: pending.enter,
        entryIndex: t,
        exitIndex: null,
        entryZ: pending.z,
        exitZ: null,
        hedgeRatio: b,
        a: { quantity: quantityA, entryPrice: entryA, exitPrice: null },
        b: { quantity: quantityB, entryPrice: entryB, exitPrice: null },
        pnl: 0,
        exitReason: null,
      };
    }
    pending = null;
    pendingExit = null;
    const held = open ? open.a.quantity * closeA[t]! + open.b.quantity * closeB[t]! : 0;
    equity[t] = cash + held;
    grossExposure[t] = open
      ? (Math.abs(open.a.quantity) * closeA[t]! + Math.abs(open.b.quantity) * closeB[t]!) /
        equity[t]!
      : 0;
    const z = zScore[t]!;
    if (Number.isNaN(z)) continue;
    if (open) {
      const against = open.side === "long_spread" ? -z : z;
      if (rule.stopZ !== null && against >= rule.stopZ) pendingExit = { reason: "stop", z };
      else if (against <= rule.exitZ) pendingExit = { reason: "mean", z };
    } else if (Math.abs(z) >= rule.entryZ)
      pending = {
        enter: z < 0 ? "long_spread" : "short_spread",
        z,
        hedgeRatio: hedgeRatio[t]!,
        equity: equity[t]!,
      };
  }
  return {
    ...hedge,
    equity,
    grossExposure,
    trades: open ? [...trades, { ...open, pnl: equity[length - 1]! - entryCash }] : trades,
    tradedNotional,
    firstFullWindow: hedgeRatio.findIndex((ratio) => !Number.isNaN(ratio)),
    next: pendingExit
      ? { action: "exit", reason: pendingExit.reason }
      : pending
        ? { action: "enter", side: pending.enter }
        : null,
  };
}
