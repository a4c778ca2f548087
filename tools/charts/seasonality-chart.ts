import { z } from "zod";
import type { ChartSpec } from "../ports/chart-renderer.ts";

/** The parts of a seasonality result its chart uses. */
const SeasonalityCharted = z.object({
  symbol: z.string(),
  by: z.enum(["month", "weekday"]),
  first: z.string(),
  last: z.string(),
  periods: z.number(),
  groups: z.array(
    z.object({ name: z.string(), mean: z.number(), median: z.number(), significant: z.boolean() }),
  ),
});

/** Each group's mean return as a bar and its median as a dot; none for another shape. */
export function seasonalityCharts(result: unknown): ChartSpec[] {
  const parsed = SeasonalityCharted.safeParse(result);
  if (!parsed.success || parsed.data.groups.length === 0) return [];
  const { symbol, by, first, last, periods, groups } = parsed.data;
  const label = (name: string) => name.slice(0, 3);
  const standouts = groups.filter((group) => group.significant).map((group) => group.name);
  return [
    {
      kind: "xy",
      title: `${symbol}: return by ${by === "month" ? "calendar month" : "weekday"}`,
      subtitle: `${first} to ${last}, ${periods} ${by === "month" ? "months" : "days"} · ${standouts.length > 0 ? `beyond chance: ${standouts.join(", ")}` : "none beyond chance (Benjamini-Hochberg at 5%)"}`,
      xAxisLabel: by === "month" ? "Month" : "Weekday",
      yAxisLabel: "Return (%)",
      series: [
        {
          name: "Mean",
          mark: "bar",
          points: groups.map((group) => ({ x: label(group.name), y: group.mean * 100 })),
        },
        {
          name: "Median",
          mark: "point",
          points: groups.map((group) => ({ x: label(group.name), y: group.median * 100 })),
        },
      ],
    },
  ];
}
