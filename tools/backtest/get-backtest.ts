import { z } from "zod";
import { defineTool } from "../define-tool.ts";
import { notFound } from "../errors.ts";
import type { BacktestRecord, Store } from "../ports/store.ts";
import { SymbolSchema } from "../strategy/spec-schema.ts";
import { isoTime } from "../time-input.ts";
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
  })
  .strict();

const ShownTrade = TradeSchema.extend({
  return: z.number().describe("Net P&L over the entry's notional (0.05 = +5%)."),
});

const GetBacktestOutput = z.object({
  id: z.string(),
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
  async run({ id, trades: wanted }, { store }) {
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
    return {
      id: record.id,
      strategyId: record.strategyId,
      name: strategy?.name ?? record.strategyId.slice(0, 12),
      initialCash: record.initialCash,
      createdAt: isoTime(record.createdAtMs),
      metrics: MetricsSchema.parse(record.metrics),
      benchmarks: z.record(z.string(), BenchmarkSchema).parse(record.benchmarks),
      equity: thinned(z.array(TimedValueSchema).parse(record.equity)),
      trades: shown.slice(0, wanted.limit),
      tradeCount: { total: all.length, matching: matching.length },
      tradesWanted: wanted,
    };
  },
});

async function backtestAt(store: Store, id: string | undefined): Promise<BacktestRecord> {
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

const thinned = (equity: z.output<typeof TimedValueSchema>[]) =>
  chartCurve(equity.map(({ time, value }) => ({ timeMs: Date.parse(time), value })));
