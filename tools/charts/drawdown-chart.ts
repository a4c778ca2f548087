import { z } from "zod";
import type { ChartSpec } from "../ports/chart-renderer.ts";

/** The parts of a drawdowns result its chart uses. */
const DrawdownsCharted = z.object({
  of: z.string(),
  maxDrawdown: z.number(),
  underwaterShare: z.number(),
  curve: z.array(z.object({ time: z.string(), value: z.number() })),
});

/** The underwater curve: how far below its high, in percent, at each point; none for another shape. */
export function drawdownCharts(result: unknown): ChartSpec[] {
  const parsed = DrawdownsCharted.safeParse(result);
  if (!parsed.success || parsed.data.curve.length < 2) return [];
  const { of, maxDrawdown, underwaterShare, curve } = parsed.data;
  return [
    {
      title: `${of}: below its high`,
      subtitle: `deepest -${(maxDrawdown * 100).toFixed(1)}% · below a high ${(underwaterShare * 100).toFixed(0)}% of the time`,
      yAxisLabel: "Below the high (%)",
      series: [
        {
          name: "Drawdown",
          points: curve.map(({ time, value }) => ({
            timeMs: Date.parse(time),
            value: value * 100,
          })),
        },
      ],
    },
  ];
}
