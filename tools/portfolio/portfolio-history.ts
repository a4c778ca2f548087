import { z } from "zod";
import { portfolioHistory } from "../../engine/portfolio/index.ts";
import { isoTime } from "../time-input.ts";

/** Share of periods the value at risk looks at: 95% confidence. */
const tail = 0.05;

const Moment = z.object({
  period: z
    .number()
    .int()
    .describe("Which return, counted from 1 (0: the start, before the first)."),
  time: z.string().nullable().describe("Its date, where the returns have dates."),
});

export const PortfolioHistorySummary = z
  .object({
    periods: z.number().int(),
    totalReturn: z.number(),
    maxDrawdown: z.number().describe("Largest fall from a peak, a positive fraction of the peak."),
    drawdownPeak: Moment.nullable().describe("Where the largest fall began (null: it never fell)."),
    drawdownTrough: Moment.nullable(),
    recovered: Moment.nullable().describe("When the value regained that peak (null: not yet)."),
    worstPeriod: Moment.extend({ return: z.number() }),
    confidence: z.number().describe("Of the value at risk: 0.95."),
    tailPeriods: z
      .number()
      .int()
      .describe("The worst periods the tail holds: 5% of them, rounded up."),
    valueAtRisk: z
      .number()
      .describe(
        "Historical: the loss of the worst period in the tail; it lost this or more that often.",
      ),
    expectedShortfall: z.number().describe("The mean loss over the tail's periods."),
  })
  .describe(
    "The weights held over the same returns, rebalanced every period (cash earns nothing): in sample, since the weights were chosen on these returns.",
  );
export type PortfolioHistorySummary = z.output<typeof PortfolioHistorySummary>;

export const PortfolioHistoryView = PortfolioHistorySummary.extend({
  value: z
    .array(z.object({ time: z.string(), value: z.number() }))
    .describe("The value of 100 invested, after each dated return (empty for undated series)."),
});
export type PortfolioHistoryView = z.output<typeof PortfolioHistoryView>;

/** The history of `weights` over the return columns they were built from; `dayMs` dates them. */
export function historyView(
  returns: readonly Float64Array[],
  weights: Float64Array,
  dayMs: Float64Array | undefined,
): PortfolioHistoryView {
  const history = portfolioHistory(returns, weights, tail);
  const moment = (index: number) => ({
    period: index + 1,
    time: dayMs && index >= 0 ? isoTime(dayMs[index]!) : null,
  });
  const fell = history.troughIndex >= 0;
  return {
    periods: history.returns.length,
    totalReturn: history.totalReturn,
    maxDrawdown: history.maxDrawdown,
    drawdownPeak: fell ? moment(history.peakIndex) : null,
    drawdownTrough: fell ? moment(history.troughIndex) : null,
    recovered: history.recoveryIndex >= 0 ? moment(history.recoveryIndex) : null,
    worstPeriod: { ...moment(history.worstIndex), return: history.returns[history.worstIndex]! },
    confidence: 1 - tail,
    tailPeriods: history.tailPeriods,
    valueAtRisk: history.valueAtRisk,
    expectedShortfall: history.expectedShortfall,
    value: dayMs
      ? Array.from(history.value, (value, t) => ({ time: isoTime(dayMs[t]!), value: 100 * value }))
      : [],
  };
}

/** The history without its value curve: for a model's brief and the portfolio listing. */
export const historySummary = ({ value: _value, ...summary }: PortfolioHistoryView) => summary;
