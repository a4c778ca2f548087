import { z } from "zod";
import { SymbolSchema } from "../strategy/spec-schema.ts";
import { parseTimestamp } from "../time-input.ts";

/**
 * The body a TradingView alert posts to `/webhooks/tradingview` (the Pine target's
 * `alert_message`, sent with the alert message `{{strategy.order.alert_message}}`). TradingView
 * cannot set headers, so the shared secret travels in the body. Unknown fields are refused:
 * nothing is acted on that is not read.
 */
export const TradingViewAlert = z
  .object({
    secret: z.string().describe("TRADINGVIEW_WEBHOOK_SECRET, the same on both sides."),
    strategyId: z
      .string()
      .regex(
        /^[0-9a-f]{64}$/,
        "a stored strategy's id: 64 lowercase hex characters (the spec hash the generated Pine script carries)",
      )
      .describe("The stored strategy the alert is from."),
    symbol: SymbolSchema.describe("The ticker; it must be in the strategy's universe."),
    action: z.enum(["entry", "exit"]).describe("Open a position, or close the one held."),
    side: z.enum(["long", "short"]).describe("The position's side: the strategy's side."),
    barTime: z
      .number()
      .superRefine((value, context) => {
        const parsed = parseTimestamp(value);
        if (typeof parsed === "string") context.addIssue({ code: "custom", message: parsed });
      })
      .describe("Epoch milliseconds of the bar the signal fired on (Pine `time` or `time_close`)."),
    price: z
      .number()
      .positive("price must be greater than 0")
      .finite("price must be finite")
      .describe("The price the alert saw (Pine `close`): an entry is sized at it."),
  })
  .strict();
export type TradingViewAlert = z.output<typeof TradingViewAlert>;
