import type { z } from "zod";
import { seasonality } from "../../tools/bars/seasonality.ts";
import { table, type TableBlock } from "./message.ts";

type Seasonality = z.output<typeof seasonality.output>;

/** A return in percent with its sign: months to 0.1%, days to 0.01%. */
const signed = (value: number, digits: number) =>
  `${value >= 0 ? "+" : ""}${(value * 100).toFixed(digits)}%`;

/** seasonality's groups, a row each: mean, median, share up, best, worst, periods, the test. */
export function seasonalityTable(output: unknown): TableBlock | undefined {
  const parsed = seasonality.output.safeParse(output);
  if (!parsed.success) return undefined;
  const result: Seasonality = parsed.data;
  const digits = result.by === "month" ? 1 : 2;
  return table(
    ["", "Mean", "Median", "Up", "Best", "Worst", "n", "p (adjusted)"],
    result.groups.map((group) => [
      group.name,
      signed(group.mean, digits),
      signed(group.median, digits),
      `${Math.round(group.positiveShare * 100)}%`,
      `${group.best.period} ${signed(group.best.return, 1)}`,
      `${group.worst.period} ${signed(group.worst.return, 1)}`,
      String(group.count),
      group.qValue === null
        ? "n/a"
        : `${group.qValue.toPrecision(2)}${group.significant ? " *" : ""}`,
    ]),
    `${result.symbol} by ${result.by === "month" ? "calendar month" : "weekday"}, ${result.first} to ${result.last}`,
  );
}
