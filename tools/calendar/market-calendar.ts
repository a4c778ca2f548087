import { z } from "zod";
import { formatDay } from "../../engine/calendar/civil-date.ts";
import { Market, marketStatus, sessionsBetween } from "../../engine/calendar/sessions.ts";
import { defineTool } from "../define-tool.ts";
import { isoTime, TimeInput } from "../time-input.ts";

const dayMs = 86_400_000;
const maxDays = 366 * 30;
const markets = Object.values(Market) as [Market, ...Market[]];

const MarketSchema = z
  .enum(markets)
  .describe(
    "NYSE (US equities: 9:30-16:00 New York, holidays and 13:00 early closes), CME (Globex micro futures: 17:00-16:00 Chicago from the evening before, a one-hour daily break, holiday halts), FX (24/5, Sunday 17:00 to Friday 17:00 New York) or CRYPTO (24/7, UTC days).",
  );

const MarketCalendarInput = z
  .object({
    market: MarketSchema,
    start: TimeInput("start").optional().describe("First trading date of the range (with `end`)."),
    end: TimeInput("end").optional().describe("Last trading date of the range (with `start`)."),
    at: TimeInput("start")
      .optional()
      .describe("Without a range: the instant to ask about (default: now)."),
  })
  .strict()
  .superRefine((input, context) => {
    const range = [input.start, input.end].filter((value) => value !== undefined).length;
    if (range === 1) {
      context.addIssue({
        code: "custom",
        path: [input.start === undefined ? "start" : "end"],
        message: "give both `start` and `end`, or neither",
      });
    } else if (range === 2 && input.at !== undefined) {
      context.addIssue({
        code: "custom",
        path: ["at"],
        message: "give either a range (`start`, `end`) or `at`, not both",
      });
    } else if (range === 2 && input.start! > input.end!) {
      context.addIssue({
        code: "custom",
        path: ["start"],
        message: "`start` must not be after `end`",
      });
    } else if (range === 2 && input.end! - input.start! > maxDays * dayMs) {
      context.addIssue({
        code: "custom",
        path: ["end"],
        message: "the range may span at most 30 years",
      });
    }
  });

const MarketCalendarOutput = z.union([
  z.object({
    market: MarketSchema,
    sessions: z.array(
      z.object({
        date: z.string().describe("Exchange-local trading date, YYYY-MM-DD."),
        open: z.string().describe("ISO-8601 UTC."),
        close: z.string().describe("ISO-8601 UTC."),
        earlyClose: z.boolean(),
      }),
    ),
  }),
  z.object({
    market: MarketSchema,
    at: z.string(),
    open: z.boolean().describe("Whether the market is open at `at`."),
    nextOpen: z.string().describe("Start of the next session (after the current one when open)."),
    nextClose: z.string().describe("End of the current session when open, else of the next one."),
  }),
]);

export const marketCalendar = defineTool({
  name: "market_calendar",
  summary:
    "NYSE, CME, FX and crypto sessions between two dates, or whether a market is open at an instant and when it next opens.",
  description:
    "Trading sessions of NYSE, CME Globex, FX or CRYPTO between two dates (holidays, 13:00 early closes and daylight saving applied, times in UTC), or whether a market is open at an instant and when it next opens and closes.",
  input: MarketCalendarInput,
  output: MarketCalendarOutput,
  effect: "read",
  idempotent: true,
  async run(input, context) {
    if (input.start !== undefined && input.end !== undefined) {
      const sessions = sessionsBetween(
        input.market,
        Math.floor(input.start / dayMs),
        Math.floor(input.end / dayMs),
      );
      return {
        market: input.market,
        sessions: sessions.map((session) => ({
          date: formatDay(session.day),
          open: isoTime(session.openMs),
          close: isoTime(session.closeMs),
          earlyClose: session.earlyClose,
        })),
      };
    }
    const atMs = input.at ?? context.clock.nowMs();
    const status = marketStatus(input.market, atMs);
    return {
      market: input.market,
      at: isoTime(atMs),
      open: status.open,
      nextOpen: isoTime(status.nextOpenMs),
      nextClose: isoTime(status.nextCloseMs),
    };
  },
});
