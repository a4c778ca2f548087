import type { PairRule, SpreadSide } from "../../engine/pairs/pair-trade.ts";
import { count, fixed, percent, signed } from "./format.ts";

interface PairOutput {
  a: string;
  b: string;
  start: string;
  end: string;
  bars: number;
  cointegration: {
    hedgeRatio: number;
    tStat: number;
    pValue: number;
    criticalValues: { fivePercent: number };
    halfLifeDays: number | null;
    cointegrated: boolean;
  };
  correlation: number | null;
  legReturns: { a: number; b: number };
  now: {
    time: string;
    zScore: number | null;
    hedgeRatio: number | null;
    position: SpreadSide | "flat";
    next: "enter_long_spread" | "enter_short_spread" | "exit" | "stop" | "none";
  };
  rule: Omit<PairRule, "initialCash">;
  metrics: {
    totalReturn: number;
    cagr: number | null;
    sharpe: number | null;
    maxDrawdown: number;
    trades: number;
    winRate: number | null;
    exposure: number;
  };
}

const day = (iso: string) => iso.slice(0, 10);

/** "long the spread (buy KO, sell PEP short)". */
const sideWords = (side: SpreadSide, a: string, b: string) =>
  side === "long_spread"
    ? `long the spread (${a} bought, ${b} sold short)`
    : `short the spread (${a} sold short, ${b} bought)`;

function cointegrationLine(result: PairOutput): string {
  const { cointegration: test, correlation } = result;
  const statistic = `Engle-Granger t ${fixed(test.tStat)} against ${fixed(test.criticalValues.fivePercent)} at 5%, p ${test.pValue.toPrecision(2)}`;
  const halfLife =
    test.halfLifeDays === null
      ? "its deviations do not decay"
      : `deviations halve in ${test.halfLifeDays.toFixed(1)} days`;
  const correlated = correlation === null ? "" : `; daily returns correlate ${fixed(correlation)}`;
  return test.cointegrated
    ? `Cointegrated at 5% over the period (${statistic}): hedge ratio ${test.hedgeRatio.toFixed(3)}, ${halfLife}${correlated}.`
    : `Not cointegrated at 5% over the period (${statistic}, ${halfLife}): the spread need not come back, however closely the two move${correlated}.`;
}

function nowLine({ a, b, now, rule }: PairOutput): string {
  const z =
    now.zScore === null ? "no z-score" : `z ${now.zScore >= 0 ? "+" : ""}${fixed(now.zScore)}`;
  const hedge =
    now.hedgeRatio === null ? "" : ` with the rolling hedge ratio ${now.hedgeRatio.toFixed(3)}`;
  const holding = now.position === "flat" ? "holds nothing" : `is ${sideWords(now.position, a, b)}`;
  const next = {
    enter_long_spread: `goes ${sideWords("long_spread", a, b)} at the next open`,
    enter_short_spread: `goes ${sideWords("short_spread", a, b)} at the next open`,
    exit: `closes it at the next open (z ${rule.exitZ === 0 ? "crossed 0" : `is back within ${rule.exitZ} of 0`})`,
    stop: `stops it out at the next open (|z| reached ${rule.stopZ})`,
    none: "does nothing at the next open",
  }[now.next];
  return `The spread now (${day(now.time)}): ${z}${hedge}; the rule ${holding} and ${next}.`;
}

/** analyze_pair: is it a pair, where the spread stands, how trading it went. */
export function describePair(result: PairOutput): string {
  const { a, b, rule, metrics } = result;
  const stop = rule.stopZ === null ? "no stop" : `stop at |z| ${rule.stopZ}`;
  return [
    `${a} / ${b}, ${day(result.start)} to ${day(result.end)} (${count(result.bars, "common close")}).`,
    cointegrationLine(result),
    nowLine(result),
    `Trading the spread (a ${rule.lookback}-day rolling window, in at |z| ${rule.entryZ}, out at ${rule.exitZ}, ${stop}, fee ${rule.feeBps} bp, slippage ${rule.slippageBps} bp a fill): total return ${signed(metrics.totalReturn)}, CAGR ${percent(metrics.cagr)}, Sharpe ${fixed(metrics.sharpe)}, max drawdown ${percent(-metrics.maxDrawdown)}, ${count(metrics.trades, "closed trade")}${metrics.winRate === null ? "" : ` (${percent(metrics.winRate)} won)`}, in the market ${percent(metrics.exposure)} of days. Held alone: ${a} ${signed(result.legReturns.a)}, ${b} ${signed(result.legReturns.b)}.`,
    "The cointegration test sees the whole period at once (hindsight); each trade used only the window before its signal. Short proceeds count as cash, with no borrow fee. Not stored as a strategy: a strategy trades its symbols one at a time, so each leg is its own order (propose_order).",
  ].join("\n");
}
