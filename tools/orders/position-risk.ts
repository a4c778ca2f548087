import { z } from "zod";
import {
  centerReturns,
  portfolioVariance,
  riskContributions,
  sampleCovariance,
} from "../../engine/portfolio/index.ts";
import { defineTool } from "../define-tool.ts";
import {
  historySummary,
  historyView,
  PortfolioHistorySummary,
} from "../portfolio/portfolio-history.ts";
import { loadSymbolReturns } from "../portfolio/symbol-returns.ts";
import { isoTime } from "../time-input.ts";
import { requireExecution } from "./require-execution.ts";

const tradingDaysPerYear = 252;

export const positionRisk = defineTool({
  name: "position_risk",
  summary:
    "The broker account's risk as it stands: its positions held over their stored daily returns, volatility, value at risk and expected shortfall in dollars, drawdown, each position's share of the risk.",
  description:
    "Reads the connected broker's equity and positions, weights each by its market value over the equity (shorts negative, the rest cash), and holds those weights over the positions' stored daily returns (back-adjusted closes, the dates all share, the last `days` of them), rebalanced daily: annualized volatility, the historical one-day 95% value at risk and expected shortfall as fractions and in dollars of today's equity, the max drawdown and worst day the same holdings would have had, and each position's share of the variance. A position without stored bars is named and left out. History is no forecast: the next bad day can be worse.",
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
    asOf: z.string(),
  }),
  effect: "read",
  openWorld: true,
  async run({ days }, context) {
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
      return { ...base, positions: [], volatility: null, history: null, dollars: null };
    context.progress(0.3, `reading ${covered.length} symbols`);
    const symbols = covered.map(({ symbol }) => symbol);
    const loaded = await loadSymbolReturns(context.store, symbols, undefined, undefined);
    const from = Math.max(0, loaded.dayMs.length - days);
    const returns = loaded.returns.map((column) => column.subarray(from));
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
    };
  },
});
