import { count, fixed, percent } from "./format.ts";

interface Comparison {
  backtests: {
    id: string;
    name: string;
    spec?: { universe?: unknown };
    metrics: {
      startTime: string | null;
      endTime: string | null;
      totalReturn: number;
      sharpe: number | null;
      maxDrawdown: number;
      trades: number;
    };
    commonSharpe: number | null;
  }[];
  common: { start: string; end: string; returns: number } | null;
  best: string | null;
  tests: {
    backtestId: string;
    sharpeDifference: number;
    pValue: number | null;
    significant: boolean;
  }[];
  /** Absent from results stored before the comparison gave them. */
  correlations?: { a: string; b: string; correlation: number | null }[];
}

const day = (iso: string | null) => iso?.slice(0, 10) ?? "?";

/**
 * Each backtest's name, told apart where two share one: by its symbols when those differ ("SMA
 * 20/50 crossover on SPY"), else by its id.
 */
function distinctNames(backtests: Comparison["backtests"]): Map<string, string> {
  const symbols = ({ spec }: Comparison["backtests"][number]) =>
    Array.isArray(spec?.universe) ? spec.universe.join(", ") : "";
  const sharing = (name: string) => backtests.filter((backtest) => backtest.name === name);
  return new Map(
    backtests.map((backtest) => {
      const twins = sharing(backtest.name);
      if (twins.length === 1) return [backtest.id, backtest.name];
      const onSymbols = `${backtest.name} on ${symbols(backtest)}`;
      const unique =
        symbols(backtest) !== "" &&
        twins.filter((twin) => symbols(twin) === symbols(backtest)).length === 1;
      return [backtest.id, unique ? onSymbols : `${backtest.name} (${backtest.id.slice(0, 8)})`];
    }),
  );
}

/** compare_backtests: each backtest's numbers, the best over the common period and its tests. */
export function describeComparison({
  backtests,
  common,
  best,
  tests,
  correlations = [],
}: Comparison): string {
  const names = distinctNames(backtests);
  const lines = [
    `${count(backtests.length, "backtest")} side by side${common ? `, over the ${common.returns} returns they share from ${day(common.start)} to ${day(common.end)}` : ""}:`,
    ...backtests.map(
      ({ id, metrics, commonSharpe }) =>
        // The line gives the id itself.
        `- ${names.get(id)!.replace(` (${id.slice(0, 8)})`, "")} (backtest ${id.slice(0, 8)}…, ${day(metrics.startTime)} to ${day(metrics.endTime)}): Sharpe ${fixed(metrics.sharpe)}${commonSharpe === null ? "" : ` (${fixed(commonSharpe)} over the common period)`}, total return ${percent(metrics.totalReturn)}, max drawdown ${percent(metrics.maxDrawdown)}, ${count(metrics.trades, "trade")}`,
    ),
  ];
  const together = correlations.filter((pair) => pair.correlation !== null);
  const movesTogether =
    together.length === 0
      ? []
      : [
          `Their returns move together (over the closes each pair shares): ${together.map((pair) => `${names.get(pair.a)} / ${names.get(pair.b)} ${fixed(pair.correlation)}`).join(", ")} (1 moves as one, 0 unrelated: the lower, the more a mix of them diversifies).`,
        ];
  if (!common || best === null) {
    lines.push(
      'They share too few closes to compare their Sharpe ratios over the same days: backtest them over one period (e.g. "backtest it since 2021") and compare again.',
      ...movesTogether,
    );
    return lines.join("\n");
  }
  const differ = backtests.some(
    ({ metrics }) =>
      day(metrics.startTime) !== day(common.start) || day(metrics.endTime) !== day(common.end),
  );
  if (differ)
    lines.push(
      "Their own periods differ: the Sharpe ratios compared are those over the common period.",
    );
  lines.push(
    `${names.get(best)} has the highest Sharpe ratio over the common period.${tests.length > 1 ? ` With ${tests.length} comparisons, each p-value must be below ${(0.05 / tests.length).toFixed(3)} (Bonferroni) to count.` : ""}`,
  );
  for (const test of tests) {
    const against = `Against ${names.get(test.backtestId)}: ${fixed(test.sharpeDifference)} higher`;
    lines.push(
      test.pValue === null
        ? `${against}; untested, as that curve never moved over the common period.`
        : test.significant
          ? `${against}, significant (p = ${test.pValue.toPrecision(2)}): more than chance would give, though picking the best of the variants tried still flatters it ("validate the better one" before trusting it).`
          : `${against}, not significant (p = ${test.pValue.toPrecision(2)}): the data cannot tell them apart.`,
    );
  }
  return [...lines, ...movesTogether].join("\n");
}
