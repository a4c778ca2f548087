import { amount, percent, signed, signedAmount } from "./format.ts";
import { describeHistory, type HistoryShown } from "./portfolio-history.ts";

interface PositionRiskOutput {
  broker: string;
  equity: number;
  positions: { symbol: string; marketValue: number; weight: number; riskShare: number }[];
  uncovered: { symbol: string; marketValue: number }[];
  volatility: number | null;
  history: HistoryShown | null;
  dollars: { valueAtRisk: number; expectedShortfall: number; worstDay: number } | null;
  /** Absent from results given before position_risk took a shock. */
  scenario?: Scenario | null;
  replay?: Replay | null;
}

export interface Replay {
  start: string;
  end: string;
  positions: { symbol: string; return: number; change: number }[];
  unmeasured: string[];
  change: number;
  share: number;
}

/** "From 2020-02-19 to 2020-03-23, today's positions would have lost about 21,400.00 (...)". */
function replayLines(replay: Replay): string[] {
  const { start, end, change, share, unmeasured } = replay;
  if (replay.positions.length === 0)
    return [
      `No position's stored closes reach from ${start.slice(0, 10)} to ${end.slice(0, 10)}: nothing to replay.`,
    ];
  return [
    `From ${start.slice(0, 10)} to ${end.slice(0, 10)}, today's positions would have ${change < 0 ? "lost" : "made"} about ${amount(Math.abs(change))} (${signed(share)} of equity), each by its own return: ${replay.positions.map((position) => `${position.symbol} ${signed(position.return)}, ${signedAmount(position.change)}`).join("; ")}.${unmeasured.length > 0 ? ` Left out, their stored closes not reaching back: ${unmeasured.join(", ")}.` : ""}`,
  ];
}

export interface Scenario {
  symbol: string;
  move: number;
  positions: { symbol: string; beta: number; change: number }[];
  change: number;
  share: number;
}

/** "If SPY fell 10%, the positions would lose about 4,210.00 (4.21% of equity), by their betas". */
function scenarioLines(scenario: Scenario, days: number): string[] {
  const { symbol, move, change, share } = scenario;
  return [
    `If ${symbol} ${move < 0 ? "fell" : "rose"} ${percent(Math.abs(move), 0)}, the positions would ${change < 0 ? "lose" : "gain"} about ${amount(Math.abs(change))} (${signed(share)} of equity), each moving by its beta to ${symbol} over the last ${days} daily returns: ${scenario.positions.map((position) => `${position.symbol} beta ${position.beta.toFixed(2)}, ${signedAmount(position.change)}`).join("; ")}. Betas from calm days understate a crash, when everything falls together.`,
  ];
}

/** position_risk: the account's one-day risk in dollars first, then the holdings' history. */
export function describePositionRisk(result: PositionRiskOutput): string {
  const { history, dollars } = result;
  const uncovered =
    result.uncovered.length > 0
      ? [
          `Not measured (no stored daily bars): ${result.uncovered.map(({ symbol, marketValue }) => `${symbol} ${amount(marketValue)}`).join(", ")}.`,
        ]
      : [];
  if (!history || !dollars)
    return [
      `The ${result.broker} account (equity ${amount(result.equity)}) holds ${result.uncovered.length > 0 ? "no position with stored daily bars: nothing to measure" : "no position: only its cash, nothing at market risk"}.`,
      ...uncovered,
    ].join("\n");
  return [
    `Risk of the ${result.broker} account's positions at today's equity of ${amount(result.equity)}, from ${history.periods} daily returns: volatility ${percent(result.volatility)} a year.`,
    `On 1 day in 20 they lost ${amount(dollars.valueAtRisk)} (${percent(history.valueAtRisk)}) or more, ${amount(dollars.expectedShortfall)} (${percent(history.expectedShortfall)}) on average on those days (95% value at risk and expected shortfall); the worst day would have cost ${amount(dollars.worstDay)}.`,
    ...(result.scenario ? scenarioLines(result.scenario, history.periods) : []),
    ...(result.replay ? replayLines(result.replay) : []),
    describeHistory(history, { inSample: false, tail: false }),
    ...result.positions.map(
      ({ symbol, marketValue, weight, riskShare }) =>
        `- ${symbol}: ${amount(marketValue)}, ${percent(weight)} of equity, ${percent(riskShare)} of the risk`,
    ),
    ...uncovered,
    "History is no forecast: the next bad day can be worse.",
  ].join("\n");
}
