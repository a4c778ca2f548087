import { z } from "zod";
import {
  indicatorCatalog,
  type IndicatorName,
  type ParameterRule,
} from "../../engine/indicators/catalog.ts";
import type { NumericExpression, Rule } from "../../engine/strategy/spec.ts";
import { unknownKeyError } from "./unknown-key-error.ts";

const priceSources = ["open", "high", "low", "close", "volume", "hl2", "hlc3", "ohlc4"] as const;
const indicatorNames = Object.keys(indicatorCatalog) as IndicatorName[];

const PriceSourceSchema = z
  .enum(priceSources)
  .describe("A bar field: open, high, low, close, volume, or hl2/hlc3/ohlc4 averages.");

function parameterSchema(indicator: string, parameter: string, rule: ParameterRule) {
  const number = rule.integer ? z.number().int() : z.number();
  return number
    .min(rule.min)
    .max(rule.max)
    .default(rule.default)
    .describe(
      `${parameter} of ${indicator} (default ${rule.default}${indicator === "vwap" ? "; 0 = from the first bar" : ""})`,
    );
}

/** `{period: 20, source?, output?}` for one indicator: parameters with defaults, a source for single-series indicators, and the line of a multi-output one. */
function indicatorCallSchema(name: IndicatorName, withOutput: boolean) {
  const definition = indicatorCatalog[name];
  const shape: Record<string, z.ZodType> = {};
  for (const [parameter, rule] of Object.entries(
    definition.parameters as Record<string, ParameterRule>,
  )) {
    shape[parameter] = parameterSchema(name, parameter, rule);
  }
  if (definition.usesSource) {
    shape.source = z
      .lazy(() => NumericExpressionSchema)
      .optional()
      .describe("Series to compute on (default close).");
  }
  if (withOutput && definition.outputs) {
    shape.output = z
      .enum(definition.outputs as [string, ...string[]])
      .describe(`Which line of ${name} to use: ${definition.outputs.join(", ")}.`);
  }
  return z.object(shape).strict().describe(definition.description);
}

const pair = () =>
  z.tuple([z.lazy(() => NumericExpressionSchema), z.lazy(() => NumericExpressionSchema)]);

const operatorShape = {
  add: pair().optional().describe("a + b"),
  sub: pair().optional().describe("a - b"),
  mul: pair().optional().describe("a * b"),
  div: pair().optional().describe("a / b (undefined where b is 0)"),
  min: pair().optional().describe("the smaller of a and b, bar by bar"),
  max: pair().optional().describe("the larger of a and b, bar by bar"),
  abs: z
    .lazy(() => NumericExpressionSchema)
    .optional()
    .describe("absolute value"),
  lag: z
    .object({
      of: z.lazy(() => NumericExpressionSchema),
      bars: z.number().int().min(1).max(10_000).describe("How many bars back."),
    })
    .strict()
    .optional()
    .describe("The value of an expression `bars` bars ago."),
};

const indicatorShape = Object.fromEntries(
  indicatorNames.map((name) => [name, indicatorCallSchema(name, true).optional()]),
);

const exactlyOneKey = (value: object) => Object.keys(value).length === 1;

const unknownIndicatorOrOperator = unknownKeyError("indicator or operator", [
  ...Object.keys(operatorShape),
  ...indicatorNames,
]);

const ExpressionObjectSchema = z
  .strictObject(
    { ...operatorShape, ...indicatorShape },
    {
      error: (issue) => {
        // {"close":{}} reads like an indicator call; a bar field is a plain string.
        const key = issue.code === "unrecognized_keys" ? issue.keys[0] : undefined;
        if (key && (priceSources as readonly string[]).includes(key))
          return `"${key}" is a bar field: write it as the string "${key}", not as an object`;
        return unknownIndicatorOrOperator(issue);
      },
    },
  )
  .refine(exactlyOneKey, {
    message:
      'an expression object has exactly one key, e.g. {"sma":{"period":20}} or {"sub":["close",{"ema":{"period":10}}]}',
  });

export const NumericExpressionSchema: z.ZodType<NumericExpression> = z
  .union([z.number(), PriceSourceSchema, ExpressionObjectSchema], {
    error: `expected a number, a bar field (${priceSources.join(", ")}) or an expression object such as {"sma":{"period":20}}`,
  })
  .describe(
    `A number series: a constant, a bar field, an indicator ({"rsi":{"period":14}}), or arithmetic ({"sub":[a,b]}). Indicators: ${indicatorNames.join(", ")}.`,
  ) as z.ZodType<NumericExpression>;

const comparePair = () => pair().optional();

const ruleOperators = ["gt", "gte", "lt", "lte", "crossAbove", "crossBelow", "and", "or", "not"];

const RuleObjectSchema = z
  .strictObject(
    {
      gt: comparePair().describe("a > b"),
      gte: comparePair().describe("a >= b"),
      lt: comparePair().describe("a < b"),
      lte: comparePair().describe("a <= b"),
      crossAbove: comparePair().describe(
        "a crosses above b on this bar: a[t] > b[t] and a[t-1] <= b[t-1]",
      ),
      crossBelow: comparePair().describe("a crosses below b on this bar"),
      and: z
        .array(z.lazy(() => RuleSchema))
        .min(1)
        .optional()
        .describe("all of the rules hold"),
      or: z
        .array(z.lazy(() => RuleSchema))
        .min(1)
        .optional()
        .describe("any of the rules holds"),
      not: z
        .lazy(() => RuleSchema)
        .optional()
        .describe("the rule does not hold"),
    },
    { error: unknownKeyError("rule operator", ruleOperators) },
  )
  .refine(exactlyOneKey, {
    message: 'a rule object has exactly one key, e.g. {"crossAbove":[a,b]} or {"and":[rule, rule]}',
  });

export const RuleSchema: z.ZodType<Rule> = z
  .union([z.boolean(), RuleObjectSchema], {
    error:
      'expected a rule object such as {"crossAbove":[a,b]}, {"and":[rule, rule]}, or true/false',
  })
  .describe(
    "A condition evaluated on each bar's close: a comparison (gt, gte, lt, lte), a cross (crossAbove, crossBelow), and/or/not, or true/false.",
  ) as z.ZodType<Rule>;

/** An indicator request for compute_indicators: `{"rsi":{"period":14}}` (every output line is returned). */
export const IndicatorRequestSchema = z
  .strictObject(
    Object.fromEntries(
      indicatorNames.map((name) => [name, indicatorCallSchema(name, false).optional()]),
    ),
    { error: unknownKeyError("indicator", indicatorNames) },
  )
  .refine(exactlyOneKey, {
    message: 'each indicator request has exactly one key, e.g. {"rsi":{"period":14}}',
  })
  .describe(
    `One indicator and its parameters, e.g. {"rsi":{"period":14}}. Available: ${indicatorNames.join(", ")}.`,
  );
