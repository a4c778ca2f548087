import { z } from "zod";
import { tradeOutcomes } from "../../engine/metrics/trade-outcomes.ts";
import { defineTool } from "../define-tool.ts";
import { notFound } from "../errors.ts";
import type { BacktestRecord, Store } from "../ports/store.ts";
import { SymbolSchema } from "../strategy/spec-schema.ts";
import { isoTime } from "../time-input.ts";
import { PeriodReturnsSchema, ReturnsByInput, returnsOf } from "./period-returns.ts";
import {
  BenchmarkSchema,
  chartCurve,
  chartPoints,
  MetricsSchema,
  TimedValueSchema,
  TradeSchema,
} from "./result-schema.ts";

type Trade = z.output<typeof TradeSchema>;

const tradeSorts = ["exitTime", "pnl", "return"] as const;

const TradesWanted = z
  .object({
    sortBy: z
      .enum(tradeSorts)
      .default("exitTime")
      .describe('"exitTime" (as they closed), "pnl" (net, in cash) or "return" (of the entry).'),
    order: z
      .enum(["asc", "desc"])
      .default("asc")
      .describe('"asc": earliest or worst first; "desc": latest or best first.'),
    limit: z
      .number()
      .int()
      .min(0)
      .max(1000)
      .default(20)
      .describe("At most this many trades; 0 for none (the numbers and the curve alone)."),
    symbol: SymbolSchema.optional().describe("Only this symbol's trades."),
  })
  .strict();

const GetBacktestInput = z
  .object({
    id: z
      .string()
      .uuid("a backtest id is the id backtest_strategy returned (list_backtests shows them)")
      .optional()
      .describe("The backtest; default: the one run last."),
    trades: TradesWanted.prefault({}).describe("Which closed trades to show and in what order."),
    returnsBy: ReturnsByInput.optional(),
  })
  .strict();

const ShownTrade = TradeSchema.extend({
  return: z.number().describe("Net P&L over the entry's notional (0.05 = +5%)."),
});

const GetBacktestOutput = z.object({
  id: z.string(),
  newest: z.boolean().describe("True when no id was asked for: the backtest run last was taken."),
  strategyId: z.string(),
  name: z.string().describe("The strategy's name."),
  initialCash: z.number(),
  createdAt: z.string().describe("When it ran, ISO-8601 UTC."),
  metrics: MetricsSchema,
  benchmarks: z.record(z.string(), BenchmarkSchema),
  equity: z
    .array(TimedValueSchema)
    .describe(`Equity at the closes, thinned to at most ${chartPoints} points for charts.`),
  trades: z.array(ShownTrade).describe("The trades asked for, in the order asked for."),
  tradeCount: z.object({
    total: z.number().int().describe("Closed trades of the backtest."),
    matching: z.number().int().describe("Of them, those of `symbol` (all without it)."),
  }),
  tradesWanted: TradesWanted,
  tradeStats: z
    .object({
      perYear: z.number().nullable().describe("Closed trades per year of the backtest."),
      averageBarsHeld: z.number().nullable(),
      medianBarsHeld: z.number().nullable(),
      longestBarsHeld: z.number().nullable(),
      averageWin: z.number().nullable().describe("Mean net P&L of the winning trades."),
      averageLoss: z.number().nullable().describe("Mean net P&L of the losing trades (negative)."),
      payoffRatio: z.number().nullable().describe("Average win over the size of average loss."),
      longestWinningStreak: z.number().int().describe("Most wins in a row, as they closed."),
      longestLosingStreak: z.number().int().describe("Most losses in a row, as they closed."),
      kellyFraction: z
        .number()
        .nullable()
        .describe(
          "W - (1 - W) / payoff ratio, W the share won: the share of equity per trade that maximizes growth if the trades repeat; negative without an edge.",
        ),
    })
    .describe("Over every closed trade; null without trades."),
  periodReturns: PeriodReturnsSchema.nullable().describe(
    "With `returnsBy`: the return of each month (by month) and year; else null.",
  ),
});

/** The reply to a model: numbers and trades; the curves are for charts (and equity.csv). */
const GetBacktestBrief = GetBacktestOutput.omit({ equity: true, benchmarks: true }).extend({
  benchmarks: z.record(z.string(), BenchmarkSchema.omit({ equity: true })),
});

export const getBacktest = defineTool({
  name: "get_backtest",
  summary:
    "A stored backtest again: its metrics, benchmarks and equity, and its trades worst, best or in order.",
  description:
    'A stored backtest (by id, default the one run last): its metrics, its benchmarks\' metrics, its equity curve (thinned for charts) and its closed trades, sorted by exit time, P&L or return, ascending or descending, of one symbol if asked: "the 5 worst trades" is sortBy pnl, order asc, limit 5. Nothing is run again.',
  input: GetBacktestInput,
  output: GetBacktestOutput,
  brief: {
    output: GetBacktestBrief,
    from: ({ equity: _curve, benchmarks, ...rest }) => ({
      ...rest,
      benchmarks: Object.fromEntries(
        Object.entries(benchmarks).map(([key, { equity: _benchmarkCurve, ...benchmark }]) => [
          key,
          benchmark,
        ]),
      ),
    }),
  },
  effect: "read",
  idempotent: true,
  async run({ id, trades: wanted, returnsBy }, { store }) {
    const record = await backtestAt(store, id);
    const strategy = await store.requestStrategy(record.strategyId);
    const all = z.array(TradeSchema).parse(record.trades);
    const matching = wanted.symbol ? all.filter((trade) => trade.symbol === wanted.symbol) : all;
    if (wanted.symbol && matching.length === 0)
      throw notFound(
        `backtest ${record.id} has no trade in ${wanted.symbol}; it traded ${[...new Set(all.map((trade) => trade.symbol))].sort().join(", ") || "nothing"}`,
      );
    const shown = matching.map((trade) => ({ ...trade, return: tradeReturn(trade) }));
    const key = (trade: (typeof shown)[number]) =>
      wanted.sortBy === "exitTime" ? Date.parse(trade.exitTime) : trade[wanted.sortBy];
    const sign = wanted.order === "asc" ? 1 : -1;
    // A stable sort: equal keys keep the order they closed in.
    shown.sort((a, b) => sign * (key(a) - key(b)));
    const metrics = MetricsSchema.parse(record.metrics);
    const equity = z.array(TimedValueSchema).parse(record.equity);
    return {
      id: record.id,
      newest: id === undefined,
      strategyId: record.strategyId,
      name: strategy?.name ?? record.strategyId.slice(0, 12),
      initialCash: record.initialCash,
      createdAt: isoTime(record.createdAtMs),
      metrics,
      benchmarks: z.record(z.string(), BenchmarkSchema).parse(record.benchmarks),
      equity: thinned(equity),
      trades: shown.slice(0, wanted.limit),
      tradeCount: { total: all.length, matching: matching.length },
      tradesWanted: wanted,
      tradeStats: tradeStats(all, metrics.years),
      periodReturns: returnsBy
        ? returnsOf(
            equity.map(({ time }) => Date.parse(time)),
            equity.map(({ value }) => value),
            record.initialCash,
            returnsBy,
          )
        : null,
    };
  },
});

export async function backtestAt(store: Store, id: string | undefined): Promise<BacktestRecord> {
  const wanted = id ?? (await store.listBacktests(1))[0]?.id;
  if (wanted === undefined)
    throw notFound(
      'no backtest is stored yet: run one, e.g. "backtest a 20/50 moving average crossover on SPY"',
    );
  const record = await store.requestBacktest(wanted);
  if (!record)
    throw notFound(`no backtest with id ${wanted} (list_backtests shows the stored ones)`);
  return record;
}

/** Net P&L over what the entry cost, long or short. */
const tradeReturn = (trade: Trade) => trade.pnl / (trade.entryPrice * trade.quantity);

/** How often the strategy trades and how long it holds. */
function tradeStats(trades: Trade[], years: number) {
  // Streaks count in the order the trades closed, whatever order they were stored in.
  const closed = [...trades].sort((a, b) => Date.parse(a.exitTime) - Date.parse(b.exitTime));
  const outcomes = tradeOutcomes(closed.map((trade) => trade.pnl));
  if (trades.length === 0)
    return {
      perYear: null,
      averageBarsHeld: null,
      medianBarsHeld: null,
      longestBarsHeld: null,
      ...outcomes,
    };
  const held = trades.map((trade) => trade.barsHeld).sort((a, b) => a - b);
  const middle = held.length >> 1;
  return {
    ...outcomes,
    perYear: years > 0 ? trades.length / years : null,
    averageBarsHeld: held.reduce((sum, bars) => sum + bars, 0) / held.length,
    medianBarsHeld: held.length % 2 ? held[middle]! : (held[middle - 1]! + held[middle]!) / 2,
    longestBarsHeld: held.at(-1)!,
  };
}

const thinned = (equity: z.output<typeof TimedValueSchema>[]) =>
  chartCurve(equity.map(({ time, value }) => ({ timeMs: Date.parse(time), value })));
