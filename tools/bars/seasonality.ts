import { z } from "zod";
import { monthNames, weekdayNames } from "../../engine/calendar/civil-date.ts";
import { seasonality as seasonalityOf } from "../../engine/metrics/seasonality.ts";
import { defineTool } from "../define-tool.ts";
import { invalidInput } from "../errors.ts";
import { SymbolSchema } from "../strategy/spec-schema.ts";
import { orderedPeriod, TimeInput } from "../time-input.ts";
import { barsInRange } from "./bars-in-range.ts";

/** Fewer periods than this and every bucket holds one or two: nothing to compare. */
const fewest = { month: 24, weekday: 20 };
/** The false discovery rate a bucket's adjusted p-value is held to. */
const alpha = 0.05;

const Dated = z.object({ period: z.string(), return: z.number() });

export const seasonality = defineTool({
  name: "seasonality",
  summary:
    "How a symbol has done by calendar month or weekday: average and median return, how often up, best and worst, each against the rest.",
  description:
    "Seasonality of one symbol's stored daily closes (back-adjusted): each calendar month's return (its last close over the last close of the month before) or each day's (over the previous bar's; a Monday carries the weekend), grouped by month of the year or weekday. Per group: periods, mean, median, share up, best and worst, and Welch's t-test of its mean against the other groups' with the p-value adjusted by Benjamini-Hochberg across the groups (a dozen groups show a 'significant' one by chance). The month under way is shown apart, out of the statistics.",
  input: z
    .object({
      symbol: SymbolSchema.transform((symbol) => symbol.toUpperCase()),
      by: z
        .enum(["month", "weekday"])
        .default("month")
        .describe("Group by calendar month (default) or by weekday."),
      focus: z
        .string()
        .trim()
        .optional()
        .describe(
          'A month ("September", "sep") or weekday ("Monday") asked about: the reply tests it first.',
        ),
      start: TimeInput("start").optional(),
      end: TimeInput("end").optional(),
    })
    .strict()
    .refine(orderedPeriod.check, orderedPeriod.message)
    .transform((input, context) => {
      if (input.focus === undefined) return { ...input, focus: undefined };
      const names = input.by === "month" ? monthNames : weekdayNames;
      const word = input.focus.toLowerCase();
      const focus = names.find((name) => word.length >= 3 && name.toLowerCase().startsWith(word));
      if (!focus) {
        context.addIssue({
          code: "custom",
          path: ["focus"],
          message: `"${input.focus}" is not a ${input.by === "month" ? "month" : "weekday"}: one of ${names.join(", ")}${input.by === "month" ? ' (or by: "weekday" for a weekday)' : ' (or by: "month" for a month)'}`,
        });
        return z.NEVER;
      }
      return { ...input, focus };
    }),
  output: z.object({
    symbol: z.string(),
    by: z.enum(["month", "weekday"]),
    first: z.string().describe("The first period counted: YYYY-MM or YYYY-MM-DD."),
    last: z.string().describe("The last period counted."),
    periods: z.number().int(),
    mean: z.number().describe("The mean return of every period counted."),
    groups: z
      .array(
        z.object({
          name: z.string().describe("January... or Monday..."),
          count: z.number().int(),
          mean: z.number(),
          median: z.number(),
          positiveShare: z.number().describe("Share of its periods that rose."),
          best: Dated,
          worst: Dated,
          othersMean: z
            .number()
            .nullable()
            .describe("The mean return of every other group's periods."),
          tStat: z.number().nullable().describe("Welch's t against the other groups."),
          pValue: z.number().nullable(),
          qValue: z
            .number()
            .nullable()
            .describe("The p-value adjusted by Benjamini-Hochberg across the groups."),
          significant: z
            .boolean()
            .describe(
              `Its adjusted p-value is below ${alpha}: more than chance across the groups.`,
            ),
        }),
      )
      .describe("In calendar order; groups without a period are left out."),
    focus: z.string().nullable().describe("The month or weekday asked about, by its name."),
    current: Dated.extend({ name: z.string() })
      .nullable()
      .describe("The month under way (not ended): its return so far, out of the statistics."),
    method: z.string(),
  }),
  effect: "read",
  idempotent: true,
  async run(input, context) {
    const { bars, from } = await barsInRange(context.store, {
      symbol: input.symbol,
      timeframe: "1d",
      start: input.start,
      end: input.end,
      adjusted: true,
    });
    // The close before `start` is the base of the first period.
    const begin = Math.max(0, from - 1);
    const result = seasonalityOf(
      bars.timestampMs.subarray(begin),
      bars.close.subarray(begin),
      input.by,
      context.clock.nowMs(),
    );
    const unit = input.by === "month" ? "month" : "day";
    if (result.periods.length < fewest[input.by])
      throw invalidInput(
        `${input.symbol} has ${result.periods.length} whole ${unit}s of daily bars${input.start === undefined && input.end === undefined ? "" : " in the range"}; seasonality by ${input.by} needs at least ${fewest[input.by]}: fetch or import more history${input.start === undefined ? "" : " or start earlier"}`,
        [
          {
            path: ["symbol"],
            message: `${result.periods.length} ${unit}s, need ${fewest[input.by]}`,
          },
        ],
      );
    const names = input.by === "month" ? monthNames : weekdayNames;
    const name = (bucket: number) => names[input.by === "month" ? bucket - 1 : bucket]!;
    return {
      symbol: input.symbol,
      by: input.by,
      first: result.periods[0]!.period,
      last: result.periods.at(-1)!.period,
      periods: result.periods.length,
      mean: result.mean,
      groups: result.buckets.map(({ bucket, best, worst, ...stats }) => ({
        name: name(bucket),
        ...stats,
        best: { period: best.period, return: best.return },
        worst: { period: worst.period, return: worst.return },
        significant: stats.qValue !== null && stats.qValue < alpha,
      })),
      focus: input.focus ?? null,
      current: result.partial && {
        name: name(result.partial.bucket),
        period: result.partial.period,
        return: result.partial.return,
      },
      method: `${input.by === "month" ? "Month: its last close over the last close of the month before" : "Day: its close over the previous bar's, by its UTC weekday (a Monday carries the weekend)"}, closes back-adjusted for splits and dividends. Each group's mean against the other groups' by Welch's two-sided t-test; p-values adjusted by Benjamini-Hochberg across the groups, significant below ${alpha}. Past seasonality is a pattern in a sample of ${result.periods.length} ${unit}s, not a forecast.`,
    };
  },
});
