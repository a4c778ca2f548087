import { count, fixed, percent } from "./format.ts";

interface Pair {
  a: string;
  b: string;
  correlation: number;
}

interface CorrelationOutput {
  symbols: string[];
  window: number;
  asOf: string;
  averageCorrelation: number;
  firstEigenShare: number;
  baseline: { averageCorrelation: number | null; firstEigenShare: number | null };
  strongestPairs: { positive: Pair[]; negative: Pair[] };
  events: {
    time: string;
    metric: string;
    direction: string;
    value: number;
    baseline: number;
  }[];
  newEvents: number;
  /** Absent from results stored before the tool ranked a focus symbol. */
  focus?: { symbol: string; correlations: { symbol: string; correlation: number }[] } | null;
}

const metricNames: Record<string, string> = {
  averageCorrelation: "average correlation",
  firstEigenShare: "first eigenvalue's share",
};

/** compute_correlations: the level against its baseline, the strongest pairs, the latest regime change. */
export function describeCorrelations(result: CorrelationOutput): string {
  const { baseline } = result;
  const lines = [
    `Correlations of ${count(result.symbols.length, "symbol")} over ${result.window} bars to ${result.asOf.slice(0, 10)}: average ${fixed(result.averageCorrelation)} (baseline ${fixed(baseline.averageCorrelation)}), first eigenvalue's share ${percent(result.firstEigenShare, 1)} (baseline ${percent(baseline.firstEigenShare, 1)}).`,
  ];
  const pairs = (list: Pair[]) =>
    list
      .slice(0, 3)
      .map((pair) => `${pair.a}/${pair.b} ${fixed(pair.correlation)}`)
      .join(", ");
  const ranked = (list: { symbol: string; correlation: number }[]) =>
    list.map(({ symbol, correlation }) => `${symbol} ${fixed(correlation)}`).join(", ");
  if (result.focus) {
    const { symbol, correlations } = result.focus;
    lines.push(`Most correlated with ${symbol}: ${ranked(correlations.slice(0, 5))}.`);
    if (correlations.length > 5)
      lines.push(`Least correlated with ${symbol}: ${ranked(correlations.slice(-3).reverse())}.`);
  } else if (result.strongestPairs.positive.length > 0)
    lines.push(`Most correlated: ${pairs(result.strongestPairs.positive)}.`);
  if (!result.focus && result.strongestPairs.negative.length > 0)
    lines.push(`Most negatively correlated: ${pairs(result.strongestPairs.negative)}.`);
  const [latest] = result.events;
  if (latest)
    lines.push(
      `Latest regime change: the ${metricNames[latest.metric] ?? latest.metric} ${latest.direction === "rise" ? "rose" : "fell"} to ${fixed(latest.value)} against a baseline of ${fixed(latest.baseline)} on ${latest.time.slice(0, 10)} (${count(result.events.length, "event")} listed, ${result.newEvents} new).`,
    );
  else lines.push("No regime change in the history.");
  return lines.join("\n");
}
