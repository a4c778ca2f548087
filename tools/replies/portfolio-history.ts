import { count, percent } from "./format.ts";

interface Moment {
  period: number;
  time: string | null;
}

export interface HistoryShown {
  periods: number;
  totalReturn: number;
  maxDrawdown: number;
  drawdownPeak: Moment | null;
  drawdownTrough: Moment | null;
  recovered: Moment | null;
  worstPeriod: Moment & { return: number };
  confidence: number;
  tailPeriods: number;
  valueAtRisk: number;
  expectedShortfall: number;
}

/**
 * The portfolio held over the returns it was built from, in two sentences: its fall from a peak
 * and worst day, then its value at risk and expected shortfall in words a newcomer can read.
 * Holdings not chosen on those returns (the account's) are not in sample; a reply that gives the
 * tail in dollars leaves out the second sentence.
 */
export function describeHistory(
  history: HistoryShown,
  { inSample = true, tail = true }: { inSample?: boolean; tail?: boolean } = {},
): string {
  const dated = history.worstPeriod.time !== null;
  const unit = dated ? "day" : "period";
  const when = ({ period, time }: Moment) =>
    time ? time.slice(0, 10) : period === 0 ? "the start" : `period ${period}`;
  const { drawdownPeak: peak, drawdownTrough: trough, recovered } = history;
  const drawdown =
    peak && trough
      ? `max drawdown ${percent(history.maxDrawdown)} from ${when(peak)} to ${when(trough)} (${recovered ? `regained ${dated ? "on " : "in "}${when(recovered)}` : "not regained by the end"})`
      : "no drawdown (it never fell below a peak)";
  const on = dated ? "on" : "in";
  const worst = `${count(history.tailPeriods, `worst ${unit}`)} of ${history.periods}`;
  const lines = [
    `Held at these weights and rebalanced every ${unit} over ${inSample ? "the same" : "the last"} ${count(history.periods, unit)}${inSample ? " (in sample: the weights were chosen on them)" : ""}: total return ${percent(history.totalReturn)}, ${drawdown}, worst ${unit} ${percent(history.worstPeriod.return)} ${on} ${when(history.worstPeriod)}.`,
    `Risk of a single ${unit}: on the ${worst} it lost ${percent(history.valueAtRisk)} or more, ${percent(history.expectedShortfall)} on average (${percent(history.confidence, 0)} value at risk and expected shortfall).`,
  ];
  return (tail ? lines : lines.slice(0, 1)).join("\n");
}
