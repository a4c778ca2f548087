import { z } from "zod";
import {
  CovarianceMethod,
  ExpectedReturnsMethod,
  minimumObservations,
  objectives,
} from "../../engine/portfolio/index.ts";
import { PortfolioHistorySummary, PortfolioHistoryView } from "./portfolio-history.ts";
import { UpperSymbolList } from "../strategy/spec-schema.ts";
import { TimeInput } from "../time-input.ts";

const Constraints = z
  .object({
    minWeight: z
      .number()
      .min(0)
      .max(1)
      .default(0)
      .describe("Least weight of every asset, a share of capital (default 0: long-only)."),
    maxWeight: z
      .number()
      .gt(0)
      .max(1)
      .default(1)
      .describe("Most weight of any one asset, a share of capital (default 1)."),
    clusterCap: z
      .number()
      .gt(0)
      .max(1)
      .optional()
      .describe(
        "Most total weight in one correlation cluster (assets whose returns move together), a share of capital. Default: no cap.",
      ),
    clusterThreshold: z
      .number()
      .min(-1)
      .max(1)
      .default(0.7)
      .describe(
        "Clusters merge while their average pairwise return correlation is at least this (average linkage; default 0.7).",
      ),
    cashBuffer: z
      .number()
      .min(0)
      .lt(1)
      .default(0)
      .describe("Share of capital kept in cash: the weights sum to 1 - cashBuffer (default 0)."),
    useBuyingPower: z
      .boolean()
      .default(false)
      .describe(
        "Also turn the weights into dollar amounts of the connected broker account's buying power.",
      ),
  })
  .strict()
  .refine((constraints) => constraints.minWeight <= constraints.maxWeight, {
    message: "`minWeight` must be at most `maxWeight`",
    path: ["minWeight"],
  });

const ReturnSeries = z
  .record(z.string().min(1), z.array(z.number()))
  .describe(
    `Raw return series instead of stored strategies: {name: [simple returns per period]}, at least 2 series of equal length, at least ${minimumObservations} each.`,
  )
  .superRefine((returns, context) => {
    const entries = Object.entries(returns);
    if (entries.length < 2)
      context.addIssue({ code: "custom", message: "give at least 2 series", path: [] });
    const [firstName, first] = entries[0] ?? ["", []];
    for (const [name, series] of entries) {
      if (series.length !== first.length)
        context.addIssue({
          code: "custom",
          message: `has ${series.length} returns where "${firstName}" has ${first.length}: every series needs the same length`,
          path: [name],
        });
      else if (series.length < minimumObservations)
        context.addIssue({
          code: "custom",
          message: `has ${series.length} returns, needs at least ${minimumObservations}`,
          path: [name],
        });
    }
  });

export const ConstructPortfolioInput = z
  .object({
    strategyIds: z
      .array(z.string().min(1))
      .min(2)
      .max(500)
      .refine((ids) => new Set(ids).size === ids.length, "every strategy id only once")
      .optional()
      .describe(
        "Stored strategies to weight (2 to 500): each contributes its actual daily equity where it trades on paper or live, else its latest backtest's.",
      ),
    returns: ReturnSeries.optional(),
    symbols: UpperSymbolList(2, 500)
      .optional()
      .describe(
        "Stored symbols to weight (2 to 500) instead: their daily returns from adjusted closes, on the dates all share; the portfolio is then rebalanceable by symbol.",
      ),
    start: TimeInput("start").optional().describe("With `symbols`: the first close used."),
    end: TimeInput("end").optional().describe("With `symbols`: the last close used."),
    objective: z
      .enum(objectives)
      .default("hrp")
      .describe(
        "hrp (default: hierarchical risk parity, needs no expected returns, the noisiest estimate and for backtested strategies an optimistic one), riskParity (equal risk contributions), minVariance, maxSharpe (mean-variance, the most sensitive to return estimates), maxDiversification, equalWeight.",
      ),
    covariance: z
      .enum([CovarianceMethod.sample, CovarianceMethod.ledoitWolf])
      .default("ledoitWolf")
      .describe(
        "sample, or ledoitWolf (default): shrunk toward constant correlation, each asset's variance kept.",
      ),
    expectedReturns: z
      .enum([ExpectedReturnsMethod.historical, ExpectedReturnsMethod.shrunk])
      .default("historical")
      .describe(
        "historical mean, or shrunk toward the grand mean (Jorion's Bayes-Stein); used by maxSharpe and the frontier.",
      ),
    riskFreeRate: z
      .number()
      .min(-0.1)
      .max(0.5)
      .default(0)
      .describe("Annual risk-free rate for the Sharpe ratio; cash earns it (default 0)."),
    periodsPerYear: z
      .number()
      .int()
      .min(1)
      .max(525_600)
      .default(252)
      .describe(
        "Return periods in a year, to annualize (default 252 trading days; stored strategies always give daily returns).",
      ),
    constraints: Constraints.default({
      minWeight: 0,
      maxWeight: 1,
      clusterThreshold: 0.7,
      cashBuffer: 0,
      useBuyingPower: false,
    }),
    frontierPoints: z
      .number()
      .int()
      .min(2)
      .max(100)
      .default(20)
      .describe("Points on the efficient frontier (default 20)."),
  })
  .strict()
  .refine(
    (input) =>
      [input.strategyIds, input.returns, input.symbols].filter((given) => given !== undefined)
        .length === 1,
    {
      message: "give `strategyIds`, `returns` or `symbols`, exactly one of them",
      path: ["strategyIds"],
    },
  )
  .refine((input) => input.symbols !== undefined || (input.start ?? input.end) === undefined, {
    message: "`start` and `end` choose the window of `symbols`' returns: give them with `symbols`",
    path: ["start"],
  })
  .refine(
    (input) => input.start === undefined || input.end === undefined || input.start <= input.end,
    {
      message: "`start` is after `end`",
      path: ["start"],
    },
  );
export type ConstructPortfolioInput = z.output<typeof ConstructPortfolioInput>;

const Cluster = z.object({
  label: z.string(),
  members: z.array(z.string()),
  weight: z.number().describe("The members' total weight."),
});

export const ConstructPortfolioOutput = z.object({
  id: z.string().describe("The stored portfolio's id."),
  objective: z.enum(objectives),
  weights: z
    .record(z.string(), z.number())
    .describe("Share of capital per asset (strategy id or series name)."),
  cash: z.number().describe("Share of capital left in cash (the cash buffer)."),
  expectedReturn: z.number().describe("Annualized arithmetic expected return, cash included."),
  volatility: z.number().describe("Annualized volatility."),
  sharpe: z.number().nullable().describe("(expectedReturn - riskFreeRate) / volatility."),
  riskContributions: z
    .record(z.string(), z.number())
    .describe("Each asset's share of the portfolio's variance (they sum to 1)."),
  clusters: z.array(Cluster).describe("Correlation clusters of the returns, largest weight first."),
  frontier: z
    .array(z.object({ volatility: z.number(), expectedReturn: z.number() }))
    .describe(
      "The constrained efficient frontier, annualized, from the minimum-variance to the maximum-return portfolio.",
    ),
  covariance: z.object({
    method: z.enum([CovarianceMethod.sample, CovarianceMethod.ledoitWolf]),
    shrinkage: z.number().optional().describe("Ledoit-Wolf intensity: the target's share."),
  }),
  expectedReturns: z.object({
    method: z.enum([ExpectedReturnsMethod.historical, ExpectedReturnsMethod.shrunk]),
    shrinkage: z.number().optional().describe("Bayes-Stein intensity: the grand mean's share."),
    grandMean: z.number().optional().describe("Annualized."),
  }),
  observations: z.number().int().describe("Returns per asset the estimates rest on."),
  history: PortfolioHistoryView,
  period: z
    .object({ first: z.string(), last: z.string() })
    .optional()
    .describe("Dates of the first and last return (stored strategies)."),
  strategies: z
    .array(
      z.object({
        strategyId: z.string(),
        name: z.string(),
        source: z.enum(["backtest", "paper", "small_live", "full_live"]),
        backtestId: z.string().optional(),
      }),
    )
    .optional()
    .describe("Where each strategy's returns came from."),
  allocation: z
    .object({
      broker: z.string(),
      buyingPower: z.number(),
      amounts: z
        .record(z.string(), z.number())
        .describe("Dollars per asset: weight x buying power."),
    })
    .optional(),
  warnings: z.array(z.string()),
  method: z.string(),
});
export type ConstructPortfolioOutput = z.output<typeof ConstructPortfolioOutput>;

/** The reply to a model: the weights and headline numbers; the frontier stays in the stored result. */
export const ConstructPortfolioBrief = ConstructPortfolioOutput.omit({
  frontier: true,
  riskContributions: true,
  clusters: true,
  history: true,
}).extend({
  history: PortfolioHistorySummary,
  largestRiskContributions: z
    .array(z.object({ name: z.string(), share: z.number() }))
    .describe("The ten largest shares of the variance."),
  clusters: z.array(Cluster.omit({ members: true }).extend({ size: z.number().int() })),
  frontierPoints: z.number().int(),
});
