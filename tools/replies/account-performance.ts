import { amount, count, percent, signed, signedAmount } from "./format.ts";

interface Day {
  time: string;
  return: number;
  change: number;
}
interface Moment {
  time: string | null;
}

/** account_performance's periods in words: "the last month", "this year". */
export const accountPeriodWords: Readonly<Record<string, string>> = {
  "1W": "the last week",
  "1M": "the last month",
  "3M": "the last 3 months",
  "6M": "the last 6 months",
  YTD: "this year",
  "1Y": "the last year",
  all: "all of its history",
};

const date = (time: string | null) => (time ?? "the start").slice(0, 10);
const dayText = (day: Day) =>
  `${signed(day.return)} (${signedAmount(day.change)}) on ${date(day.time)}`;

/** account_performance: the period's profit or loss, its drawdown and days, against SPY. */
export function describeAccountPerformance(result: {
  broker: string;
  source: string;
  period: string;
  start: string;
  end: string;
  startEquity: number;
  endEquity: number;
  profitLoss: number;
  totalReturn: number;
  history: {
    periods: number;
    maxDrawdown: number;
    drawdownPeak: Moment | null;
    drawdownTrough: Moment | null;
    recovered: Moment | null;
  } | null;
  bestDay: Day | null;
  worstDay: Day | null;
  benchmark: { symbol: string; totalReturn: number } | null;
  notes: string[];
}): string {
  const { history } = result;
  if (!history || !result.bestDay || !result.worstDay)
    return `No day to measure yet at ${result.broker}: its equity is ${amount(result.endEquity)}. Orders filled through Alphadesk build this history day by day.`;
  const drawdown =
    history.drawdownPeak && history.drawdownTrough
      ? `Max drawdown ${percent(history.maxDrawdown)} from ${date(history.drawdownPeak.time)} to ${date(history.drawdownTrough.time)} (${history.recovered ? `regained on ${date(history.recovered.time)}` : "not regained yet"})`
      : "No drawdown (it never fell below a peak)";
  return [
    `The account at ${result.broker} over ${accountPeriodWords[result.period] ?? result.period}, ${date(result.start)} to ${date(result.end)} (${count(history.periods, "day")} of closes): ${amount(result.startEquity)} → ${amount(result.endEquity)}, ${signedAmount(result.profitLoss)} (${signed(result.totalReturn)}).${result.benchmark ? ` ${result.benchmark.symbol} held over the same days: ${signed(result.benchmark.totalReturn)}.` : ""}`,
    // One day is its own best and worst: said once, in the first line.
    ...(history.periods > 1
      ? [`${drawdown}; best day ${dayText(result.bestDay)}, worst day ${dayText(result.worstDay)}.`]
      : []),
    `From ${result.source}.`,
    ...result.notes,
  ].join("\n");
}
