import { z } from "zod";
import { lastAtOrBefore } from "../../engine/bars.ts";
import { defineTool } from "../define-tool.ts";
import type { EquityPoint } from "../ports/broker.ts";
import type { Store } from "../ports/store.ts";
import {
  historySummary,
  historyView,
  PortfolioHistorySummary,
} from "../portfolio/portfolio-history.ts";
import { isoTime } from "../time-input.ts";
import { accountEquity } from "./account-equity.ts";
import { requireExecution } from "./require-execution.ts";

const periods = ["1W", "1M", "3M", "6M", "YTD", "1Y", "all"] as const;
type Period = (typeof periods)[number];
const benchmarkSymbol = "SPY";

const Day = z.object({
  time: z.string(),
  return: z.number(),
  change: z.number().describe("In account currency."),
});

const AccountPerformanceOutput = z.object({
  broker: z.string(),
  source: z.string().describe("Where the equity came from."),
  period: z.enum(periods),
  start: z.string().describe("The close the period is measured from."),
  end: z.string(),
  startEquity: z.number(),
  endEquity: z.number(),
  profitLoss: z.number().describe("End equity less start equity, less the money moved in."),
  netDeposits: z
    .number()
    .nullable()
    .describe(
      "Deposits less withdrawals over the period, kept out of the profit and returns; null where the broker does not report them.",
    ),
  totalReturn: z
    .number()
    .describe("Compounded from the daily returns (time-weighted: a deposit is not a gain)."),
  history: PortfolioHistorySummary.nullable().describe(
    "The account's daily returns: drawdown, worst day, value at risk. Null with no day to measure.",
  ),
  bestDay: Day.nullable(),
  worstDay: Day.nullable(),
  equity: z.array(z.object({ time: z.string(), value: z.number() })),
  benchmark: z
    .object({ symbol: z.string(), totalReturn: z.number() })
    .nullable()
    .describe("SPY bought at the start's close and held, where its bars cover the period."),
  notes: z.array(z.string()),
});

export const accountPerformance = defineTool({
  name: "account_performance",
  summary:
    "How the broker account did over a period: profit or loss, return, drawdown, best and worst day, against SPY; its equity drawn.",
  description:
    "The broker account's equity at each day's close over a period (a week to all of it): the profit or loss and return, the largest fall from a peak and whether it was regained, the best and worst day, and SPY over the same days where its bars are stored. From the broker's own portfolio history (Alpaca), else rebuilt from Alphadesk's fills at the broker marked to the stored daily closes (the simulated paper broker).",
  input: z
    .object({
      period: z
        .enum(periods)
        .default("1M")
        .describe("1W, 1M, 3M, 6M, YTD (since January 1), 1Y or all (since the first trade)."),
    })
    .strict(),
  output: AccountPerformanceOutput,
  effect: "read",
  openWorld: true,
  // Years of daily equity are thousands of points: a model gets the numbers (the first and last
  // equity among them), the chart the whole curve.
  brief: {
    output: AccountPerformanceOutput.omit({ equity: true }).extend({
      equityPoints: z.number().int().describe("Closes in the equity curve (charted, not sent)."),
    }),
    from: ({ equity, ...rest }) => ({
      ...rest,
      equityPoints: equity.length,
    }),
  },
  async run({ period }, context) {
    const execution = requireExecution(context);
    const nowMs = context.clock.nowMs();
    const { source, points, flows } = await accountEquity(
      context,
      execution,
      periodStart(period, nowMs),
    );
    const netDeposits = flows === null ? null : flows.reduce((sum, flow) => sum + flow, 0);
    const notes = depositNotes(execution.broker.equityHistory !== undefined, netDeposits);
    const first = points[0]!;
    const last = points.at(-1)!;
    // A day's deposit is not its gain: the day's return is on the equity it started with.
    const change = (i: number) => points[i + 1]!.equity - points[i]!.equity - (flows?.[i + 1] ?? 0);
    const returns = Float64Array.from(points.slice(1), (_, i) => change(i) / points[i]!.equity);
    const dayMs = Float64Array.from(points.slice(1), (point) => point.timeMs);
    const history =
      returns.length > 0 ? historySummary(historyView([returns], Float64Array.of(1), dayMs)) : null;
    const day = (i: number) => ({
      time: isoTime(dayMs[i]!),
      return: returns[i]!,
      change: change(i),
    });
    const order = [...returns.keys()].sort((a, b) => returns[a]! - returns[b]! || a - b);
    return {
      broker: execution.broker.name,
      source,
      period,
      start: isoTime(first.timeMs),
      end: isoTime(last.timeMs),
      startEquity: first.equity,
      endEquity: last.equity,
      profitLoss: last.equity - first.equity - (netDeposits ?? 0),
      netDeposits,
      totalReturn: history?.totalReturn ?? 0,
      history,
      bestDay: order.length > 0 ? day(order.at(-1)!) : null,
      worstDay: order.length > 0 ? day(order[0]!) : null,
      equity: points.map((point) => ({ time: isoTime(point.timeMs), value: point.equity })),
      benchmark: points.length > 1 ? await benchmark(context.store, first, last) : null,
      notes,
    };
  },
});

/** What the numbers make of money moved in and out, where the broker's equity holds it. */
function depositNotes(brokerHistory: boolean, netDeposits: number | null): string[] {
  if (!brokerHistory) return [];
  if (netDeposits === null)
    return [
      "Deposits and withdrawals count as gains and losses here: the broker's equity includes them.",
    ];
  return netDeposits === 0
    ? []
    : [
        `Deposits less withdrawals of ${netDeposits.toFixed(2)} are kept out of the profit and the daily returns (time-weighted).`,
      ];
}

/** Where a period starts: a calendar span back from now, January 1, or the beginning. */
function periodStart(period: Period, nowMs: number): number {
  const now = new Date(nowMs);
  const [year, month, date] = [now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()];
  const monthsBack: Partial<Record<Period, number>> = { "1M": 1, "3M": 3, "6M": 6, "1Y": 12 };
  if (period === "1W") return nowMs - 7 * 86_400_000;
  if (period === "YTD") return Date.UTC(year, 0, 1);
  if (period === "all") return Number.NEGATIVE_INFINITY;
  return Date.UTC(year, month - monthsBack[period]!, date);
}

/** SPY held from the start's close to the end's: its latest stored closes at or before each. */
async function benchmark(
  store: Pick<Store, "requestBars">,
  first: EquityPoint,
  last: EquityPoint,
): Promise<{ symbol: string; totalReturn: number } | null> {
  const bars = await store.requestBars(benchmarkSymbol, "1d", {
    startMs: first.timeMs - 7 * 86_400_000,
    endMs: last.timeMs,
  });
  if (!bars) return null;
  const [from, to] = [
    lastAtOrBefore(bars.timestampMs, first.timeMs),
    lastAtOrBefore(bars.timestampMs, last.timeMs),
  ];
  // Both ends need their own close: a period after SPY's last stored bar has no benchmark.
  if (from < 0 || to <= from || last.timeMs - bars.timestampMs[to]! > 7 * 86_400_000) return null;
  return { symbol: benchmarkSymbol, totalReturn: bars.close[to]! / bars.close[from]! - 1 };
}
