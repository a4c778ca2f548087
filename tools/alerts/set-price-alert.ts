import { z } from "zod";
import { defineTool } from "../define-tool.ts";
import { invalidInput, notFound } from "../errors.ts";
import { figure } from "../replies/format.ts";
import { SymbolSchema } from "../strategy/spec-schema.ts";
import { alertPrices, reached } from "./alert-price.ts";
import {
  priceAlertView,
  PriceAlertViewSchema,
  SourcedPriceSchema,
  sourcedPriceView,
} from "./alert-view.ts";

export const setPriceAlert = defineTool({
  name: "set_price_alert",
  summary:
    "Be told when a price reaches a level (SPY below 600) or moves a percentage from now: checked every minute, posted to chat.",
  description:
    "Sets a price alert: it fires once, when the symbol's price reaches `price` (or moves `percent` from its price now) from the side it is on now. The price is the one orders are checked with (a live feed, or on the demo the latest stored close), else the latest stored daily close. `alphadesk worker` checks active alerts every minute and posts each fired one into the Slack thread or Discord channel it was set in, else to the digest channels; the terminal chat checks at each turn; `check_price_alerts` checks now. An alert whose level the price has already reached is refused, and the same alert set twice is kept once.",
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
      note: z.string().trim().min(1).max(200).optional().describe("Why: shown when it fires."),
    })
    .strict()
    .superRefine((input, issues) => {
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
    current: SourcedPriceSchema.describe("The price now, which the level is measured from."),
    distance: z.number().describe("From the price now to the level, as a fraction of the price."),
    alreadySet: z.boolean().describe("True when the same alert was active already (kept once)."),
  }),
  effect: "write",
  idempotent: true,
  async run(input, context) {
    const current = (await alertPrices(context, [input.symbol])).get(input.symbol);
    if (!current)
      throw notFound(
        `no price of ${input.symbol} is known: no bars of it are stored and no live feed serves it; fetch or import its bars first (fetch_bars, import_bars)`,
      );
    const level =
      input.price ??
      Number(
        figure(
          current.price * (1 + ((input.direction === "above" ? 1 : -1) * input.percent!) / 100),
        ),
      );
    if (level === current.price && input.direction === undefined)
      throw invalidInput(
        `${input.symbol} is at ${figure(current.price)} now: give a level above or below it, or say which way (direction)`,
      );
    const direction = input.direction ?? (level < current.price ? "below" : "above");
    if (reached({ direction, level }, current.price))
      throw invalidInput(
        `${input.symbol} is at ${figure(current.price)} now, already ${direction === "below" ? "at or below" : "at or above"} ${figure(level)}: an alert fires when the price reaches its level, so give a level ${direction} ${figure(current.price)} (the price from ${current.source})`,
        [{ path: ["price"], message: `must be ${direction} ${figure(current.price)}` }],
      );
    const [same] = (
      await context.store.listPriceAlerts({ states: ["active"], symbol: input.symbol, limit: 1000 })
    ).filter((alert) => alert.direction === direction && alert.level === level);
    const alert =
      same ??
      (await context.store.savePriceAlert({
        symbol: input.symbol,
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
      distance: level / current.price - 1,
      alreadySet: same !== undefined,
    };
  },
});
