import { z } from "zod";
import type { ChartPoint, ChartSpec } from "../ports/chart-renderer.ts";
import { downsample } from "./downsample.ts";

/** The parts of an analyze_pair result its charts use. */
const PairCharted = z.object({
  a: z.string(),
  b: z.string(),
  rule: z.object({ lookback: z.number(), entryZ: z.number(), exitZ: z.number() }),
  metrics: z.object({ totalReturn: z.number(), maxDrawdown: z.number() }),
  equity: z.array(z.object({ time: z.string(), value: z.number() })),
  spread: z.array(z.object({ time: z.string(), zScore: z.number().nullable() })),
});

/**
 * The spread's rolling z-score between its entry bands (and the exit line), then the equity of
 * trading it; none for another shape or fewer than two closes.
 */
export function pairCharts(result: unknown): ChartSpec[] {
  const parsed = PairCharted.safeParse(result);
  if (!parsed.success) return [];
  const { a, b, rule, metrics, equity, spread } = parsed.data;
  const zPoints: ChartPoint[] = spread.flatMap(({ time, zScore }) =>
    zScore === null ? [] : [{ timeMs: Date.parse(time), value: zScore }],
  );
  if (zPoints.length < 2) return [];
  const ends = [zPoints[0]!.timeMs, zPoints.at(-1)!.timeMs];
  const level = (name: string, value: number) => ({
    name,
    points: ends.map((timeMs) => ({ timeMs, value })),
  });
  return [
    {
      title: `${a} / ${b}: the spread's z-score`,
      subtitle: `ln ${a} - b ln ${b} over a rolling ${rule.lookback}-day window; in beyond ±${rule.entryZ}, out at ${rule.exitZ === 0 ? "0" : `±${rule.exitZ}`}`,
      yAxisLabel: "z-score",
      series: [
        { name: "z-score", points: downsample(zPoints) },
        level(`+${rule.entryZ}: short the spread`, rule.entryZ),
        level(`-${rule.entryZ}: long the spread`, -rule.entryZ),
        ...(rule.exitZ === 0
          ? [level("0: out", 0)]
          : [level(`+${rule.exitZ}: out`, rule.exitZ), level(`-${rule.exitZ}: out`, -rule.exitZ)]),
      ],
    },
    {
      title: `Trading the ${a} / ${b} spread`,
      subtitle: `Total return ${(metrics.totalReturn * 100).toFixed(1)}% · max drawdown ${(-metrics.maxDrawdown * 100).toFixed(1)}%`,
      yAxisLabel: "Equity",
      series: [
        {
          name: "Pair trade",
          points: downsample(
            equity.map(({ time, value }) => ({ timeMs: Date.parse(time), value })),
          ),
        },
      ],
    },
  ];
}
