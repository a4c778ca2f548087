import { z } from "zod";
import type { ChartPoint, ChartSeries, TimeChartSpec } from "../ports/chart-renderer.ts";
import { downsample } from "./downsample.ts";

const TimedValues = z.array(z.object({ time: z.string(), value: z.number() }));

/** The diagram of explain_strategy: a price line, indicator lines and the trades' fills. */
export const EntryExitDiagram = z.object({
  title: z.string(),
  rules: z.array(z.string()).describe("The entry and exit rules, one line each."),
  price: z.object({ name: z.string(), points: TimedValues }),
  overlays: z
    .array(z.object({ name: z.string(), points: TimedValues }))
    .describe("Indicators in price units that the rules compare (moving averages, bands)."),
  markers: z
    .array(
      z.object({
        name: z.string().describe('How the legend names them, e.g. "Buys".'),
        kind: z.enum(["entry", "exit"]),
        points: z.array(z.object({ time: z.string(), price: z.number() })),
      }),
    )
    .describe("Fills of the trades shown: entries drawn below the price, exits above."),
});
export type EntryExitDiagram = z.output<typeof EntryExitDiagram>;

/** A marker's stroke, as a share of the price window's range. */
const tickShare = 0.05;

/**
 * The price with the strategy's indicator lines and a short vertical stroke at each fill:
 * below the price for entries, above it for exits. ChartSpec draws lines only; a line breaks at
 * a non-finite value (vega-lite leaves invalid points out of a path), so every stroke is a pair
 * of points followed by a NaN. The rules go in the subtitle.
 */
export function entryExitCharts(diagram: EntryExitDiagram): TimeChartSpec[] {
  const price = toPoints(diagram.price.points);
  if (price.length < 2) return [];
  let low = Infinity;
  let high = -Infinity;
  for (const { value } of price) {
    low = Math.min(low, value);
    high = Math.max(high, value);
  }
  const tick = (high > low ? high - low : Math.abs(high)) * tickShare;
  const lines: ChartSeries[] = [
    { name: diagram.price.name, points: downsample(price) },
    ...diagram.overlays.map((overlay) => ({
      name: overlay.name,
      points: downsample(toPoints(overlay.points)),
    })),
  ];
  const markers = diagram.markers.map((marker) => {
    const side = marker.kind === "entry" ? -1 : 1;
    const points: ChartPoint[] = [];
    for (const { time, price: level } of marker.points) {
      const timeMs = Date.parse(time);
      points.push(
        { timeMs, value: level + side * 0.3 * tick },
        { timeMs, value: level + side * 1.3 * tick },
        { timeMs, value: NaN },
      );
    }
    return { name: marker.name, points };
  });
  return [
    {
      title: diagram.title,
      subtitle: diagram.rules.join(" · "),
      yAxisLabel: "Price",
      series: [...lines, ...markers.filter((marker) => marker.points.length > 0)],
    },
  ];
}

function toPoints(values: readonly { time: string; value: number }[]): ChartPoint[] {
  return values.map(({ time, value }) => ({ timeMs: Date.parse(time), value }));
}
