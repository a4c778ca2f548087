import { z } from "zod";
import { patternFamilies } from "../../engine/scanner/index.ts";
import type { StoredFinding } from "../ports/findings.ts";
import { StrategySpecSchema } from "../strategy/spec-schema.ts";
import { isoTime } from "../time-input.ts";

/** A stored finding's id as a tool takes it. */
export const FindingIdInput = z
  .string()
  .regex(/^\d{1,18}$/, "a finding id is a number, e.g. 12 (see list_findings)");

const PeriodSchema = z.object({
  sharpe: z.number().describe("Annualized, net of costs."),
  meanReturnBps: z.number().describe("Mean net return per trade, basis points."),
  trades: z.number().int(),
});

export const FindingSchema = z.object({
  id: z.string().describe('Stored id: "backtest finding 12" means this.'),
  key: z
    .string()
    .describe("What makes two scans' findings the same: pattern, symbols, parameters."),
  pattern: z.enum(patternFamilies),
  symbols: z.array(z.string()),
  direction: z.enum(["long", "short", "long_short"]),
  parameters: z.record(z.string(), z.union([z.number(), z.string()])),
  effectSize: z.number(),
  statistic: z.number(),
  pValue: z.number(),
  qValue: z.number().describe("Benjamini-Hochberg q-value across the whole scan."),
  inSample: PeriodSchema,
  outOfSample: PeriodSchema,
  explanation: z.string(),
  strategySpec: StrategySpecSchema.describe("Ready for backtest_strategy."),
  specFidelity: z
    .enum(["exact", "proxy"])
    .describe("exact: the spec trades what was tested; proxy: the closest single-symbol rule."),
  firstSeen: z.string(),
  lastConfirmed: z.string(),
  timesConfirmed: z.number().int(),
  decayed: z.string().nullable().describe("When a later scan stopped finding it."),
});

export const NearMissSchema = FindingSchema.pick({
  pattern: true,
  symbols: true,
  direction: true,
  parameters: true,
  pValue: true,
  qValue: true,
  outOfSample: true,
}).extend({
  reason: z
    .enum(["q_above_alpha", "not_confirmed"])
    .describe(
      "q_above_alpha: not significant once every candidate is counted; not_confirmed: did not hold out of sample after costs.",
    ),
});

export function formatFinding(finding: StoredFinding): z.input<typeof FindingSchema> {
  const { firstSeenMs, lastConfirmedMs, decayedMs, ...rest } = finding;
  return {
    ...rest,
    // The engine's spec type is the schema's output; a finding's spec passes the schema as it is.
    strategySpec: rest.strategySpec as z.input<typeof StrategySpecSchema>,
    firstSeen: isoTime(firstSeenMs),
    lastConfirmed: isoTime(lastConfirmedMs),
    decayed: decayedMs === null ? null : isoTime(decayedMs),
  };
}
