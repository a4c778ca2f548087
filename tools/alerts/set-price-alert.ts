import { z } from "zod";
import type { NumericExpression } from "../../engine/strategy/spec.ts";
import { defineTool, type ToolContext } from "../define-tool.ts";
import { invalidInput, notFound } from "../errors.ts";
import type { SourcedPrice } from "../ports/price-alerts.ts";
import { figure } from "../replies/format.ts";
import { NumericExpressionSchema } from "../strategy/expression-schema.ts";
import { canonicalJson, SymbolSchema } from "../strategy/spec-schema.ts";
import { alertPrices, reached } from "./alert-price.ts";
import { readIndicators } from "./alert-readings.ts";
import {
  priceAlertView,
  PriceAlertViewSchema,
  SourcedPriceSchema,
  sourcedPriceView,
} from "./alert-view.ts";
import { alertCondition, crossing, indicatorWords, watched } from "./alert-words.ts";

export const setPriceAlert = defineTool({
  name: "set_price_alert",
  summary:
    "Be told when a price reaches a level (SPY below 600), moves a percentage from now, or an indicator crosses a level at the daily close (RSI(14) below 30): posted to chat.",
  description:
    'Sets a price alert: it fires once, when the symbol\'s price reaches `price` (or moves `percent` from its price now) from the side it is on now. The price is the one orders are checked with (a live feed, or on the demo the latest stored close), else the latest stored daily close. `alphadesk worker` checks active alerts every minute and posts each fired one into the Slack thread or Discord channel it was set in, else to the digest channels; the terminal chat checks at each turn; `check_price_alerts` checks now. With `indicator` (as a strategy spec writes one, e.g. {"rsi":{"period":14}}) and `level`, it watches the indicator at the latest stored daily close instead, over the symbol\'s adjusted history as compute_indicators computes it: it moves when new daily bars are stored (fetch_bars; `alphadesk worker` fetches them each evening). An alert whose level the price (or indicator) has already reached is refused, and the same alert set twice is kept once.',
  input: z
    .object({
      symbol: SymbolSchema.transform((symbol) => symbol.toUpperCase()),
      direction: z
        .enum(["above", "below"])
        .optional()
        .describe(
          "Fire when the price goes above or below the level; with `price`, defaults to the side the level is on from the price now.",
        ),
      price: z
        .number()
        .positive()
        .finite()
        .optional()
        .describe("The level, in the symbol's currency."),
      percent: z
        .number()
        .gt(0)
        .lt(100)
        .optional()
        .describe("Or: a move from the price now, in percent (10 = 10%), with `direction`."),
      indicator: NumericExpressionSchema.optional().describe(
        'Or: watch this indicator at each daily close, e.g. {"rsi":{"period":14}}, {"macd":{"output":"histogram"}}; with `level`.',
      ),
      level: z
        .number()
        .finite()
        .optional()
        .describe("The indicator's level (30 for RSI(14) below 30); with `indicator` only."),
      note: z.string().trim().min(1).max(200).optional().describe("Why: shown when it fires."),
    })
    .strict()
    .superRefine((input, issues) => {
      if (input.indicator !== undefined || input.level !== undefined) {
        if (typeof input.indicator === "number" || input.indicator === undefined)
          issues.addIssue({
            code: "custom",
            path: ["indicator"],
            message:
              'a level goes with an indicator to watch, e.g. {"rsi":{"period":14}} (a number is no indicator); for a price give price',
          });
        if (input.level === undefined)
          issues.addIssue({
            code: "custom",
            path: ["level"],
            message: "an indicator alert needs the indicator's level, e.g. 30",
          });
        if (input.price !== undefined || input.percent !== undefined)
          issues.addIssue({
            code: "custom",
            path: [input.price !== undefined ? "price" : "percent"],
            message: "an indicator alert takes its level in level, not a price or a percent",
          });
        return;
      }
      if ((input.price === undefined) === (input.percent === undefined))
        issues.addIssue({
          code: "custom",
          path: ["price"],
          message: "give either price (a level) or percent (a move from the price now), not both",
        });
      if (input.percent !== undefined && input.direction === undefined)
        issues.addIssue({
          code: "custom",
          path: ["direction"],
          message: 'a percent move needs its direction: "above" (a rise) or "below" (a fall)',
        });
    }),
  output: z.object({
    alert: PriceAlertViewSchema,
    current: SourcedPriceSchema.describe(
      "The price now (an indicator alert's indicator value), which the level is measured from.",
    ),
    distance: z
      .number()
      .nullable()
      .describe(
        "From the price now to the level, as a fraction of the price; null for an indicator alert.",
      ),
    alreadySet: z.boolean().describe("True when the same alert was active already (kept once)."),
  }),
  effect: "write",
  idempotent: true,
  async run(input, context) {
    const indicator = (input.indicator as NumericExpression | undefined) ?? null;
    const subject = watched({ symbol: input.symbol, indicator });
    const { current, level } = indicator
      ? { current: await indicatorNow(context, input.symbol, indicator), level: input.level! }
      : await priceLevel(input, context);
    const field = indicator ? "level" : "price";
    if (level === current.price && input.direction === undefined)
      throw invalidInput(
        `${subject} is at ${figure(current.price)} now: give a level above or below it, or say which way (direction)`,
      );
    const direction = input.direction ?? (level < current.price ? "below" : "above");
    if (reached({ direction, level }, current.price))
      throw invalidInput(
        indicator
          ? `${alertCondition({ symbol: input.symbol, indicator, direction, level })} holds already at ${current.source} (${indicatorWords(indicator)} is ${figure(current.price)}): an alert fires when its condition comes true, so ${crossing({ symbol: input.symbol, indicator, direction, level }) ? `ask for ${direction === "above" ? "below" : "above"} instead` : `give a level ${direction} ${figure(current.price)}, or the other direction`}`
          : `${subject} is at ${figure(current.price)} now, already ${direction === "below" ? "at or below" : "at or above"} ${figure(level)}: an alert fires when the price reaches its level, so give a level ${direction} ${figure(current.price)} (the price from ${current.source})`,
        [{ path: [field], message: `must be ${direction} ${figure(current.price)}` }],
      );
    const [same] = (
      await context.store.listPriceAlerts({ states: ["active"], symbol: input.symbol, limit: 1000 })
    ).filter(
      (alert) =>
        alert.direction === direction &&
        alert.level === level &&
        // jsonb keeps an object's keys in its own order: compare them sorted.
        canonicalJson(alert.indicator) === canonicalJson(indicator),
    );
    const alert =
      same ??
      (await context.store.savePriceAlert({
        symbol: input.symbol,
        indicator,
        direction,
        level,
        priceAtSet: current.price,
        priceSource: current.source,
        note: input.note ?? null,
        actor: context.actor,
        thread: context.thread ?? null,
      }));
    return {
      alert: priceAlertView(alert),
      current: sourcedPriceView(current),
      distance: indicator ? null : level / current.price - 1,
      alreadySet: same !== undefined,
    };
  },
});

/** The price now and the level a price alert waits for: given, or a percent move from now. */
async function priceLevel(
  input: { symbol: string; direction?: "above" | "below"; price?: number; percent?: number },
  context: ToolContext,
): Promise<{ current: SourcedPrice; level: number }> {
  const current = (await alertPrices(context, [input.symbol])).get(input.symbol);
  if (!current)
    throw notFound(
      `no price of ${input.symbol} is known: no bars of it are stored and no live feed serves it; fetch or import its bars first (fetch_bars, import_bars)`,
    );
  const level =
    input.price ??
    Number(
      figure(current.price * (1 + ((input.direction === "above" ? 1 : -1) * input.percent!) / 100)),
    );
  return { current, level };
}

/** The indicator's value at the symbol's latest stored daily close. */
async function indicatorNow(
  context: ToolContext,
  symbol: string,
  indicator: NumericExpression,
): Promise<SourcedPrice> {
  const [value] = (await readIndicators(context.store, symbol, [indicator])) ?? [undefined];
  if (value === undefined)
    throw notFound(
      `no daily bars of ${symbol} are stored: an indicator alert reads its daily closes; fetch or import them first (fetch_bars, import_bars)`,
    );
  if (value === null)
    throw invalidInput(
      `${watched({ symbol, indicator })} has no value at the latest stored close yet: it needs more daily bars to warm up`,
      [{ path: ["indicator"], message: "not yet defined at the latest close" }],
    );
  return value;
}
