import { z } from "zod";
import {
  centerReturns,
  portfolioVariance,
  riskContributions,
  sampleCovariance,
} from "../../engine/portfolio/index.ts";
import { lastAtOrBefore } from "../../engine/bars.ts";
import { returnsBeta } from "../../engine/metrics/beta.ts";
import { defineTool } from "../define-tool.ts";
import { invalidInput } from "../errors.ts";
import { SymbolSchema } from "../strategy/spec-schema.ts";
import {
  historySummary,
  historyView,
  PortfolioHistorySummary,
} from "../portfolio/portfolio-history.ts";
import { loadSymbolReturns } from "../portfolio/symbol-returns.ts";
import { loadBarsIfStored } from "../bars/load-bars.ts";
import type { Store } from "../ports/store.ts";
import { isoTime, TimeInput } from "../time-input.ts";
import { requireExecution } from "./require-execution.ts";

const tradingDaysPerYear = 252;

export const positionRisk = defineTool({
  name: "position_risk",
  summary:
    "The broker account's risk as it stands: its positions held over their stored daily returns, volatility, value at risk and expected shortfall in dollars, drawdown, each position's share of the risk; what a move of one symbol, or a past stretch, would do to them.",
  description:
    "Reads the connected broker's equity and positions, weights each by its market value over the equity (shorts negative, the rest cash), and holds those weights over the positions' stored daily returns (back-adjusted closes, the dates all share, the last `days` of them), rebalanced daily: annualized volatility, the historical one-day 95% value at risk and expected shortfall as fractions and in dollars of today's equity, the max drawdown and worst day the same holdings would have had, and each position's share of the variance. A position without stored bars is named and left out. A `shock` moves each position by its beta to one symbol times a move (a what-if); a `replay` carries today's positions through a past stretch by their own returns (a historical stress test). History is no forecast: the next bad day can be worse.",
  input: z
    .object({
      days: z
        .number()
        .int()
        .min(20)
        .max(5000)
        .default(504)
        .describe(
          "Daily returns looked back over: the last this many the positions share (default 504, two years).",
        ),
      shock: z
        .object({
          symbol: SymbolSchema.describe("The symbol that moves: SPY for the market."),
          move: z
            .number()
            .gt(-1, "a price cannot fall 100% or more")
            .max(10)
            .refine((move) => move !== 0, "a move of 0 changes nothing")
            .describe("Its move as a fraction: -0.1 for a 10% fall."),
        })
        .strict()
        .optional()
        .describe(
          "A what-if: each position moves by its beta to this symbol (over the same days) times the move.",
        ),
      replay: z
        .object({ start: TimeInput("start"), end: TimeInput("end") })
        .strict()
        .refine(({ start, end }) => start < end, "start must come before end")
        .optional()
        .describe(
          'A historical stress test: each position moved by its own return between these dates ("2020-02-19" to "2020-03-23", the 2020 crash), from its stored closes.',
        ),
    })
    .strict(),
  output: z.object({
    broker: z.string(),
    equity: z.number(),
    positions: z.array(
      z.object({
        symbol: z.string(),
        marketValue: z.number(),
        weight: z.number().describe("Market value over equity; negative for a short."),
        riskShare: z.number().describe("Its share of the holdings' variance."),
      }),
    ),
    uncovered: z
      .array(z.object({ symbol: z.string(), marketValue: z.number() }))
      .describe("Positions without stored daily bars: left out of the numbers."),
    volatility: z
      .number()
      .nullable()
      .describe("Annualized (√252), of the holdings' daily returns."),
    history: PortfolioHistorySummary.nullable().describe("Null without a position to measure."),
    dollars: z
      .object({
        valueAtRisk: z.number(),
        expectedShortfall: z.number(),
        worstDay: z.number().describe("The worst day's loss at today's equity."),
      })
      .nullable()
      .describe("The one-day losses in account currency, at today's equity."),
    scenario: z
      .object({
        symbol: z.string(),
        move: z.number(),
        positions: z.array(
          z.object({
            symbol: z.string(),
            beta: z.number().describe("To the shocked symbol, over the same daily returns."),
            change: z.number().describe("Market value x beta x move, account currency."),
          }),
        ),
        change: z.number().describe("The positions' changes summed."),
        share: z.number().describe("The change over today's equity."),
      })
      .nullable()
      .describe("The shock's what-if; null without a shock or a position to move."),
    replay: z
      .object({
        start: z.string().describe("The last stored close at or before the start asked for."),
        end: z.string(),
        positions: z.array(
          z.object({
            symbol: z.string(),
            return: z
              .number()
              .describe("Its close at the end over its close at the start, less 1."),
            change: z.number().describe("Market value x that return, account currency."),
          }),
        ),
        unmeasured: z
          .array(z.string())
          .describe("Positions whose stored closes do not reach back to the start: left out."),
        change: z.number(),
        share: z.number().describe("The change over today's equity."),
      })
      .nullable()
      .describe("The replay's historical stress test; null without one."),
    asOf: z.string(),
  }),
  effect: "read",
  openWorld: true,
  async run({ days, shock, replay }, context) {
    const { broker } = requireExecution(context);
    const [account, positions] = await Promise.all([broker.account(), broker.positions()]);
    const held = positions.filter((position) => position.quantity !== 0);
    const stored = new Set((await context.store.listSymbols("1d")).map(({ symbol }) => symbol));
    const covered = held.filter(({ symbol }) => stored.has(symbol));
    const base = {
      broker: broker.name,
      equity: account.equity,
      uncovered: held
        .filter(({ symbol }) => !stored.has(symbol))
        .map(({ symbol, marketValue }) => ({ symbol, marketValue })),
      asOf: isoTime(context.clock.nowMs()),
    };
    if (covered.length === 0 || !(account.equity > 0))
      return {
        ...base,
        positions: [],
        volatility: null,
        history: null,
        dollars: null,
        scenario: null,
        replay: null,
      };
    context.progress(0.3, `reading ${covered.length} symbols`);
    const symbols = covered.map(({ symbol }) => symbol);
    if (shock && !stored.has(shock.symbol))
      throw invalidInput(
        `no daily bars of ${shock.symbol} are stored to measure the positions' betas to it: import or fetch them first`,
        [{ path: ["shock", "symbol"], message: "has no stored daily bars" }],
      );
    // The shocked symbol's returns on the same dates, as one more column when it is not held.
    const loadedSymbols =
      shock && !symbols.includes(shock.symbol) ? [...symbols, shock.symbol] : symbols;
    const loaded = await loadSymbolReturns(context.store, loadedSymbols, undefined, undefined);
    const from = Math.max(0, loaded.dayMs.length - days);
    const columns = loaded.returns.map((column) => column.subarray(from));
    const returns = columns.slice(0, symbols.length);
    const weights = Float64Array.from(covered, ({ marketValue }) => marketValue / account.equity);
    const covariance = sampleCovariance(centerReturns(symbols, returns));
    const shares = riskContributions(weights, covariance);
    const history = historySummary(historyView(returns, weights, loaded.dayMs.subarray(from)));
    return {
      ...base,
      positions: covered.map(({ symbol, marketValue }, i) => ({
        symbol,
        marketValue,
        weight: weights[i]!,
        riskShare: shares[i]!,
      })),
      volatility: Math.sqrt(portfolioVariance(weights, covariance) * tradingDaysPerYear),
      history,
      dollars: {
        valueAtRisk: history.valueAtRisk * account.equity,
        expectedShortfall: history.expectedShortfall * account.equity,
        worstDay: -history.worstPeriod.return * account.equity,
      },
      replay: replay ? await replayOf(context.store, replay, covered, account.equity) : null,
      scenario: shock
        ? scenarioOf(
            shock,
            covered,
            returns,
            columns[loadedSymbols.indexOf(shock.symbol)]!,
            account.equity,
          )
        : null,
    };
  },
});

/**
 * Each position moved by its beta to the shocked symbol times the move: a linear what-if from
 * the days measured, blind to what a crash does to correlations (they rise).
 */
function scenarioOf(
  shock: { symbol: string; move: number },
  positions: readonly { symbol: string; marketValue: number }[],
  returns: readonly Float64Array[],
  shocked: Float64Array,
  equity: number,
) {
  const moved = positions.map(({ symbol, marketValue }, i) => {
    // A position that never moved over the days has no beta: it does not move with the shock.
    const beta = returnsBeta(returns[i]!, shocked)?.beta ?? 0;
    return { symbol, beta, change: marketValue * beta * shock.move };
  });
  const change = moved.reduce((sum, position) => sum + position.change, 0);
  return { ...shock, positions: moved, change, share: change / equity };
}

/**
 * Today's positions carried through a past stretch: each moves by its own return between its
 * last stored closes at or before the two dates (back-adjusted), at today's market value. The
 * dates reported are the ones the first measured position's closes fell on.
 */
async function replayOf(
  store: Store,
  { start, end }: { start: number; end: number },
  positions: readonly { symbol: string; marketValue: number }[],
  equity: number,
) {
  const measured: { symbol: string; return: number; change: number }[] = [];
  const unmeasured: string[] = [];
  let dates: { start: number; end: number } | undefined;
  for (const { symbol, marketValue } of positions) {
    const bars = await loadBarsIfStored(store, symbol, "1d", end);
    const [from, to] = bars
      ? [lastAtOrBefore(bars.timestampMs, start), lastAtOrBefore(bars.timestampMs, end)]
      : [-1, -1];
    if (!bars || from < 0 || to <= from) {
      unmeasured.push(symbol);
      continue;
    }
    dates ??= { start: bars.timestampMs[from]!, end: bars.timestampMs[to]! };
    const moved = bars.close[to]! / bars.close[from]! - 1;
    measured.push({ symbol, return: moved, change: marketValue * moved });
  }
  const change = measured.reduce((sum, position) => sum + position.change, 0);
  return {
    start: isoTime(dates?.start ?? start),
    end: isoTime(dates?.end ?? end),
    positions: measured,
    unmeasured,
    change,
    share: change / equity,
  };
}
