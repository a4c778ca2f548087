import { createHash } from "node:crypto";
import { z } from "zod";
import type { StrategySpec } from "../../engine/strategy/spec.ts";
import { timeframes } from "../ports/store.ts";
import { RuleSchema } from "./expression-schema.ts";

export const SymbolSchema = z
  .string()
  .trim()
  .min(1)
  .max(32)
  .regex(/^[A-Za-z0-9._\-/=^:]+$/, "a symbol uses letters, digits and . _ - / = ^ : only")
  .describe("Ticker symbol as stored, e.g. SPY, BTC/USD, MESZ5.");

/** A list of symbols as a tool takes it: written in any case, upper-cased, each once. */
export const UpperSymbolList = (min: number, max: number) =>
  z
    .array(SymbolSchema.transform((symbol) => symbol.toUpperCase()))
    .min(min)
    .max(max)
    .refine((symbols) => new Set(symbols).size === symbols.length, "every symbol only once");

export const ExitDistanceSchema = z
  .union([
    z
      .object({
        percent: z
          .number()
          .gt(0)
          .max(100)
          .describe("Distance in percent of the reference price (5 = 5%)."),
      })
      .strict(),
    z
      .object({
        atrMultiple: z
          .number()
          .gt(0)
          .max(100)
          .describe("Distance in multiples of ATR on the signal bar."),
        atrPeriod: z
          .number()
          .int()
          .min(1)
          .max(1000)
          .default(14)
          .describe("ATR period (default 14)."),
      })
      .strict(),
  ])
  .describe('{"percent": 5} or {"atrMultiple": 2, "atrPeriod": 14}');

export const SizingSchema = z
  .union([
    z
      .object({
        fractionOfEquity: z
          .number()
          .gt(0)
          .max(1)
          .describe(
            "Each new position takes this fraction of equity (capped by buying power; no leverage).",
          ),
      })
      .strict(),
    z
      .object({
        fixedNotional: z
          .number()
          .positive()
          .describe("Each new position takes this amount of cash."),
      })
      .strict(),
    z
      .object({
        volatilityTarget: z
          .object({
            annualVolatilityPercent: z
              .number()
              .gt(0)
              .max(200)
              .describe("Target annualized volatility in percent."),
            lookbackBars: z
              .number()
              .int()
              .min(2)
              .max(1000)
              .default(20)
              .describe("Bars of log returns for realized volatility."),
            maxFractionOfEquity: z
              .number()
              .gt(0)
              .max(1)
              .default(1)
              .describe("Cap on the fraction of equity per position."),
          })
          .strict(),
      })
      .strict(),
  ])
  .describe("Position sizing: fractionOfEquity, fixedNotional or volatilityTarget.");

/** The two costs, in basis points; the spec defaults each to 0. */
export const CostSchema = {
  feeBps: z.number().min(0).max(1000).describe("Fee per fill in basis points of notional."),
  slippageBps: z
    .number()
    .min(0)
    .max(1000)
    .describe("Slippage per market fill in basis points, against you."),
};

export const StrategySpecSchema = z
  .object({
    name: z.string().trim().min(1).max(200).describe("Human-readable name."),
    description: z.string().max(4000).optional().describe("What the strategy does and why."),
    universe: z
      .array(SymbolSchema)
      .min(1)
      .max(5000)
      .refine(
        (symbols) => new Set(symbols).size === symbols.length,
        "universe lists a symbol twice",
      )
      .describe("Symbols the strategy trades, each simulated on its own bars with shared cash."),
    timeframe: z.enum(timeframes).default("1d").describe("Bar timeframe: 1m, 5m, 15m, 1h or 1d."),
    side: z
      .enum(["long", "short"])
      .default("long")
      .describe("Direction of the positions the entry rule opens."),
    entry: RuleSchema.describe(
      "Opens a position at the next bar's open when it holds on a bar's close.",
    ),
    exit: RuleSchema.optional().describe(
      "Closes the position at the next bar's open when it holds on a bar's close.",
    ),
    filters: z
      .array(RuleSchema)
      .max(20)
      .default([])
      .describe("Extra conditions that must all hold for an entry."),
    sizing: SizingSchema.default({ fractionOfEquity: 1 }),
    stopLoss: ExitDistanceSchema.optional().describe(
      "Stop below a long's (above a short's) entry price.",
    ),
    takeProfit: ExitDistanceSchema.optional().describe(
      "Limit exit above a long's (below a short's) entry price.",
    ),
    trailingStop: ExitDistanceSchema.optional().describe(
      "Stop that follows the best price since entry.",
    ),
    timeExit: z
      .object({
        bars: z.number().int().min(1).max(100_000).describe("Close after holding this many bars."),
      })
      .strict()
      .optional(),
    costs: z
      .object({
        feeBps: CostSchema.feeBps.default(0),
        slippageBps: CostSchema.slippageBps.default(0),
      })
      .strict()
      .default({ feeBps: 0, slippageBps: 0 }),
  })
  .strict()
  .describe(
    "A platform-agnostic strategy: universe, rules over indicators, sizing, exits and costs.",
  );

/** Parses and defaults a spec; the result is the canonical form that is hashed and stored. */
export function parseStrategySpec(value: unknown): StrategySpec {
  return StrategySpecSchema.parse(value) as StrategySpec;
}

/** sha256 of the canonical JSON (keys sorted): the same strategy always has the same id. */
export function strategyId(spec: StrategySpec): string {
  return createHash("sha256").update(canonicalJson(spec)).digest("hex");
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
