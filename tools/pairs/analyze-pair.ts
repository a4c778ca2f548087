import { z } from "zod";
import { computePerformance } from "../../engine/metrics/performance.ts";
import {
  simulatePairTrade,
  type PairSimulation,
  type PairTrade,
} from "../../engine/pairs/pair-trade.ts";
import { joinTimes } from "../../engine/scanner/align.ts";
import { engleGranger, engleGrangerCriticalValues } from "../../engine/scanner/cointegration.ts";
import { lowerBound } from "../../engine/bars.ts";
import { correlation } from "../../engine/validator/analysis/numbers.ts";
import { loadBars } from "../bars/load-bars.ts";
import { formatMetrics, MetricsSchema, TimedValueSchema } from "../backtest/result-schema.ts";
import { defineTool } from "../define-tool.ts";
import { invalidInput } from "../errors.ts";
import { CostSchema, SymbolSchema } from "../strategy/spec-schema.ts";
import { isoTime, orderedPeriod, TimeInput } from "../time-input.ts";

/** Trading needs this many z-scores past the window's warm-up to say anything. */
const fewestTradingBars = 60;
/** One augmentation lag of the ADF regression, as the scanner's pairs family uses. */
const adfLags = 1;

const Symbol = SymbolSchema.transform((symbol) => symbol.toUpperCase());
const SpreadSide = z.enum(["long_spread", "short_spread"]);
const NextAction = z.enum(["enter_long_spread", "enter_short_spread", "exit", "stop", "none"]);
const Leg = z.object({
  symbol: z.string(),
  quantity: z.number().describe("Signed: negative is sold short."),
  entryPrice: z.number(),
  exitPrice: z.number().nullable(),
});
const TradeView = z.object({
  side: SpreadSide.describe(
    "Long the spread buys A and sells B short; short the spread, the reverse.",
  ),
  entryTime: z.string(),
  exitTime: z
    .string()
    .nullable()
    .describe("Null while it is open: its P&L is marked to the last closes."),
  entryZ: z.number(),
  exitZ: z.number().nullable(),
  hedgeRatio: z.number(),
  legs: z.tuple([Leg, Leg]),
  pnl: z.number().describe("Net of fees and slippage."),
  exitReason: z.enum(["mean", "stop"]).nullable(),
});

const AnalyzePairOutput = z.object({
  a: z.string(),
  b: z.string(),
  start: z.string().describe("The first bar traded: the first whose window is full."),
  end: z.string(),
  bars: z.number().int().describe("Common daily closes traded."),
  cointegration: z.object({
    hedgeRatio: z.number().describe("b of ln A = a + b ln B over the whole period."),
    tStat: z.number().describe("Engle-Granger ADF t of the residual."),
    pValue: z.number().describe("MacKinnon's p-value (N = 2, constant)."),
    criticalValues: z.object({
      onePercent: z.number(),
      fivePercent: z.number(),
      tenPercent: z.number(),
    }),
    halfLifeDays: z
      .number()
      .nullable()
      .describe(
        "Bars for a deviation of the spread to halve (AR(1)); null when it does not revert.",
      ),
    cointegrated: z.boolean().describe("p below 0.05."),
  }),
  correlation: z.number().nullable().describe("Of the two legs' daily log returns."),
  legReturns: z.object({ a: z.number(), b: z.number() }).describe("Each leg held over the period."),
  now: z.object({
    time: z.string(),
    zScore: z.number().nullable(),
    hedgeRatio: z.number().nullable().describe("The rolling window's, at the last close."),
    position: SpreadSide.or(z.literal("flat")),
    next: NextAction.describe("What the rule does at the next open."),
  }),
  rule: z.object({
    lookback: z.number(),
    entryZ: z.number(),
    exitZ: z.number(),
    stopZ: z.number().nullable(),
    feeBps: z.number(),
    slippageBps: z.number(),
  }),
  metrics: MetricsSchema,
  trades: z.array(TradeView).describe("Closed trades in order, then the open one."),
  equity: z.array(TimedValueSchema),
  spread: z
    .array(z.object({ time: z.string(), zScore: z.number().nullable() }))
    .describe("The rolling z-score at each close traded."),
});

/** Trades a reply to a model carries; the rest stay in the full result. */
const briefTrades = 20;

export const analyzePair = defineTool({
  name: "analyze_pair",
  summary:
    "A pair of symbols as a spread: cointegration, hedge ratio, half-life, the z-score now, and the spread trade backtested with both legs.",
  description:
    "Pairs trading on two symbols' stored daily closes (back-adjusted). The spread is ln A - b ln B - a, b and a from a rolling OLS over `lookback` bars (only past data at each bar), and its z-score against that window. Reports the Engle-Granger cointegration test of the whole period (in hindsight: is the spread stationary?), the half-life of its deviations, how the daily returns correlate, where the spread stands now and what the rule does at the next open; and backtests the rule on the backtester's bar model: long the spread (buy A, sell B short) when z <= -entryZ, short it when z >= entryZ, out when z is back within exitZ of 0 (or at stopZ against the position), fills at the next open with slippage, fees on both legs, each trade sized so its gross notional is the equity, B's notional b times A's. Short proceeds are cash: no borrow fee. Not stored as a strategy (a strategy trades its symbols one at a time).",
  input: z
    .object({
      a: Symbol.describe("The first leg (bought when the spread is long)."),
      b: Symbol.describe("The second leg (sold short when the spread is long)."),
      lookback: z
        .number()
        .int()
        .min(10)
        .max(1000)
        .default(60)
        .describe("Bars in the rolling window of the hedge ratio and z-score (default 60)."),
      entryZ: z.number().positive().max(10).default(2).describe("Enter at this |z| (default 2)."),
      exitZ: z
        .number()
        .min(0)
        .max(10)
        .default(0)
        .describe("Leave when z is back within this of 0 (default 0: when it crosses 0)."),
      stopZ: z
        .number()
        .positive()
        .max(20)
        .optional()
        .describe("Leave when |z| reaches this against the position (default: no stop)."),
      feeBps: CostSchema.feeBps
        .default(1)
        .describe("Fee per fill, basis points of notional (default 1)."),
      slippageBps: CostSchema.slippageBps
        .default(0)
        .describe("Slippage per fill against you, basis points (default 0)."),
      initialCash: z.number().positive().max(1e12).default(100_000),
      start: TimeInput("start").optional(),
      end: TimeInput("end").optional(),
    })
    .strict()
    .refine((input) => input.a !== input.b, {
      message: "a pair needs two different symbols",
      path: ["b"],
    })
    .refine((input) => input.entryZ > input.exitZ, {
      message: "entryZ must be above exitZ: a position must be able to close before it reopens",
      path: ["exitZ"],
    })
    .refine((input) => input.stopZ === undefined || input.stopZ > input.entryZ, {
      message: "stopZ must be above entryZ, or every entry would stop out at once",
      path: ["stopZ"],
    })
    .refine(orderedPeriod.check, orderedPeriod.message),
  output: AnalyzePairOutput,
  brief: {
    output: AnalyzePairOutput.omit({ equity: true, spread: true, trades: true }).extend({
      trades: z.array(TradeView).describe(`The last ${briefTrades} trades.`),
      closes: z
        .number()
        .int()
        .describe("Closes in the equity and spread curves (charted, not sent)."),
    }),
    from: ({ equity, spread: _spread, trades, ...rest }) => ({
      ...rest,
      trades: trades.slice(-briefTrades),
      closes: equity.length,
    }),
  },
  effect: "read",
  idempotent: true,
  async run(input, context) {
    const [barsA, barsB] = await loadBars(
      context.store,
      [input.a, input.b],
      "1d",
      input.end ?? null,
    );
    const length = Math.min(barsA!.close.length, barsB!.close.length);
    const ia = new Int32Array(length);
    const ib = new Int32Array(length);
    const common = joinTimes(barsA!.timestampMs, barsB!.timestampMs, ia, ib);
    const pick = (column: Float64Array, rows: Int32Array) =>
      Float64Array.from(rows.subarray(0, common), (row) => column[row]!);
    const timestampMs = pick(barsA!.timestampMs, ia);
    // The window before `start` warms up: the first full window ends on the first bar asked for.
    const first = input.start === undefined ? 0 : lowerBound(timestampMs, input.start);
    const from = Math.max(0, first - input.lookback + 1);
    const traded = common - Math.max(first, from + input.lookback - 1);
    if (traded < fewestTradingBars)
      throw invalidInput(
        `${input.a} and ${input.b} share ${common} daily closes${input.start === undefined && input.end === undefined ? "" : " up to the period's end"}, ${Math.max(traded, 0)} of them tradable after a ${input.lookback}-bar window; the pair needs at least ${fewestTradingBars}: shorten \`lookback\`, widen the period or load more history`,
        [
          {
            path: ["lookback"],
            message: `${Math.max(traded, 0)} tradable closes, need ${fewestTradingBars}`,
          },
        ],
      );
    const slice = (column: Float64Array) => column.subarray(from);
    const bars = {
      timestampMs: slice(timestampMs),
      openA: slice(pick(barsA!.open, ia)),
      closeA: slice(pick(barsA!.close, ia)),
      openB: slice(pick(barsB!.open, ib)),
      closeB: slice(pick(barsB!.close, ib)),
    };
    const rule = {
      lookback: input.lookback,
      entryZ: input.entryZ,
      exitZ: input.exitZ,
      stopZ: input.stopZ ?? null,
      feeBps: input.feeBps,
      slippageBps: input.slippageBps,
    };
    const simulation = simulatePairTrade(bars, { ...rule, initialCash: input.initialCash });
    const begin = simulation.firstFullWindow;
    if (begin < 0)
      throw invalidInput(
        `${input.b}'s closes do not move over any ${input.lookback}-bar window: there is no hedge ratio to fit`,
        [{ path: ["b"], message: "no change in its closes" }],
      );
    const count = bars.closeA.length - begin;
    const period = (column: Float64Array) => column.subarray(begin);
    const logA = period(bars.closeA).map(Math.log);
    const logB = period(bars.closeB).map(Math.log);
    const test = engleGranger(logA, logB, count, adfLags, new Float64Array(count));
    const closedPnl = simulation.trades
      .filter((trade) => trade.exitIndex !== null)
      .map((trade) => trade.pnl);
    const metrics = computePerformance({
      initialCash: input.initialCash,
      timestampMs: period(bars.timestampMs),
      equity: period(simulation.equity),
      grossExposure: period(simulation.grossExposure),
      tradePnl: closedPnl,
      tradedNotional: simulation.tradedNotional,
    });
    const last = bars.closeA.length - 1;
    const open = simulation.trades.find((trade) => trade.exitIndex === null);
    const time = (index: number) => isoTime(bars.timestampMs[index]!);
    const legs = (trade: PairTrade): z.input<typeof TradeView>["legs"] => [
      { symbol: input.a, ...trade.a },
      { symbol: input.b, ...trade.b },
    ];
    return {
      a: input.a,
      b: input.b,
      start: time(begin),
      end: time(last),
      bars: count,
      cointegration: {
        hedgeRatio: test.hedgeRatio,
        tStat: test.tau,
        pValue: test.pValue,
        criticalValues: engleGrangerCriticalValues(count),
        halfLifeDays: Number.isFinite(test.halfLifeBars) ? test.halfLifeBars : null,
        cointegrated: test.pValue < 0.05,
      },
      correlation: correlation(changes(logA), changes(logB)),
      legReturns: {
        a: bars.closeA[last]! / bars.closeA[begin]! - 1,
        b: bars.closeB[last]! / bars.closeB[begin]! - 1,
      },
      now: {
        time: time(last),
        zScore: finiteOrNull(simulation.zScore[last]!),
        hedgeRatio: finiteOrNull(simulation.hedgeRatio[last]!),
        position: open?.side ?? ("flat" as const),
        next: nextAction(simulation.next),
      },
      rule,
      metrics: formatMetrics(metrics),
      trades: simulation.trades.map((trade) => ({
        side: trade.side,
        entryTime: time(trade.entryIndex),
        exitTime: trade.exitIndex === null ? null : time(trade.exitIndex),
        entryZ: trade.entryZ,
        exitZ: trade.exitZ,
        hedgeRatio: trade.hedgeRatio,
        legs: legs(trade),
        pnl: trade.pnl,
        exitReason: trade.exitReason,
      })),
      equity: Array.from(period(simulation.equity), (value, k) => ({
        time: time(begin + k),
        value,
      })),
      spread: Array.from(period(simulation.zScore), (zScore, k) => ({
        time: time(begin + k),
        zScore: finiteOrNull(zScore),
      })),
    };
  },
});

function nextAction(next: PairSimulation["next"]): z.output<typeof NextAction> {
  if (next === null) return "none";
  if (next.action === "exit") return next.reason === "stop" ? "stop" : "exit";
  return next.side === "long_spread" ? "enter_long_spread" : "enter_short_spread";
}

const finiteOrNull = (value: number) => (Number.isFinite(value) ? value : null);

/** Day-to-day changes of a log-price column: log returns. */
const changes = (logs: Float64Array) => logs.subarray(1).map((value, k) => value - logs[k]!);
