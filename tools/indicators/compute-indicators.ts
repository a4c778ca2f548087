import { z } from "zod";
import { lowerBound } from "../../engine/bars.ts";
import { indicatorCatalog, type IndicatorName } from "../../engine/indicators/catalog.ts";
import { ExpressionEvaluator } from "../../engine/strategy/expressions.ts";
import type { NumericExpression } from "../../engine/strategy/spec.ts";
import { loadBars } from "../bars/load-bars.ts";
import { defineTool } from "../define-tool.ts";
import { timeframes } from "../ports/store.ts";
import { IndicatorRequestSchema } from "../strategy/expression-schema.ts";
import { SymbolSchema } from "../strategy/spec-schema.ts";
import { isoTime, TimeInput } from "../time-input.ts";

const Series = z.array(z.number().nullable());

const ComputeIndicatorsInput = z
  .object({
    symbol: SymbolSchema,
    timeframe: z.enum(timeframes).default("1d").describe("Bar timeframe (default 1d)."),
    indicators: z
      .array(IndicatorRequestSchema)
      .min(1)
      .max(50)
      .describe('Indicators in the order wanted, e.g. [{"rsi":{"period":14}}, {"macd":{}}].'),
    start: TimeInput("start").optional(),
    end: TimeInput("end").optional(),
  })
  .strict();

const ComputeIndicatorsOutput = z.object({
  symbol: z.string(),
  timeframe: z.enum(timeframes),
  time: z.array(z.string()).describe("Bar times, ISO-8601 UTC."),
  indicators: z
    .array(IndicatorRequestSchema)
    .describe("The requests as computed, defaults filled in, in the order of `values`."),
  values: z
    .array(z.union([Series, z.record(z.string(), Series)]))
    .describe(
      "One entry per requested indicator, in request order: a series, or an object of series for multi-output indicators; null during warm-up.",
    ),
});

export const computeIndicators = defineTool({
  name: "compute_indicators",
  summary: "Compute indicators with TA-Lib's semantics over a stored symbol.",
  description:
    "Compute technical indicators (TA-Lib semantics) over a stored symbol's bars. Bars before `start` are used for warm-up; values are null until an indicator is defined.",
  input: ComputeIndicatorsInput,
  output: ComputeIndicatorsOutput,
  effect: "read",
  idempotent: true,
  async run(input, context) {
    const [bars] = await loadBars(
      context.store,
      [input.symbol],
      input.timeframe,
      input.end ?? null,
    );
    const from = input.start === undefined ? 0 : lowerBound(bars!.timestampMs, input.start);
    const window = (values: Float64Array) =>
      Array.from(values.subarray(from), (value) => (Number.isNaN(value) ? null : value));
    const expressions = new ExpressionEvaluator(bars!);
    const values = input.indicators.map((request) => {
      const [name, call] = Object.entries(request)[0] as [
        IndicatorName,
        { source?: NumericExpression },
      ];
      const { source, ...params } = call;
      const series = source === undefined ? bars!.close : expressions.evaluate(source);
      const output = indicatorCatalog[name].compute(bars!, series, params as never);
      if (output instanceof Float64Array) return window(output);
      return Object.fromEntries(
        Object.entries(output).map(([line, series]) => [line, window(series)]),
      );
    });
    return {
      symbol: input.symbol,
      timeframe: input.timeframe,
      time: Array.from(bars!.timestampMs.subarray(from), isoTime),
      indicators: input.indicators,
      values,
    };
  },
});
