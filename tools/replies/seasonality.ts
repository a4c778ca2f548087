import { count, percent, signed } from "./format.ts";

interface Group {
  name: string;
  count: number;
  mean: number;
  median: number;
  positiveShare: number;
  othersMean: number | null;
  pValue: number | null;
  qValue: number | null;
  significant: boolean;
}

interface SeasonalityOutput {
  symbol: string;
  by: "month" | "weekday";
  first: string;
  last: string;
  periods: number;
  mean: number;
  groups: Group[];
  /** Absent from results before the tool took a focus. */
  focus?: string | null;
  current: { name: string; period: string; return: number } | null;
}

/** "+2.10% on average against +0.61% in the other months (p 0.031, 0.37 adjusted across 12)". */
function against(group: Group, groupWord: string, groups: number): string {
  const test =
    group.pValue === null || group.qValue === null
      ? "untested: too few of them"
      : `p ${group.pValue.toPrecision(2)}, ${group.qValue.toPrecision(2)} adjusted across ${groups}`;
  return `${group.name}, ${signed(group.mean)} on average against ${signed(group.othersMean)} in the other ${groupWord}s (${test})`;
}

/**
 * seasonality in words: the period and average, the strongest and weakest group tested against
 * the rest, whether any stands out beyond chance, the month under way. The groups' table is a
 * block of its own (bots/core/seasonality-table.ts).
 */
export function describeSeasonality(result: SeasonalityOutput): string {
  const [unit, groupWord] = result.by === "month" ? ["month", "month"] : ["day", "weekday"];
  const { groups } = result;
  const ranked = groups.toSorted((a, b) => b.mean - a.mean);
  const standouts = groups.filter((group) => group.significant);
  const current = result.current;
  const currentGroup = current && groups.find((group) => group.name === current.name);
  const focus = result.focus && groups.find((group) => group.name === result.focus);
  return [
    `${result.symbol} by ${result.by === "month" ? "calendar month" : "weekday"}, ${result.first} to ${result.last} (${count(result.periods, unit)}): ${signed(result.mean)} a ${unit} on average.`,
    ...(focus
      ? [
          `${against(focus, groupWord, groups.length)}; median ${signed(focus.median)}, up in ${percent(focus.positiveShare, 0)} of ${count(focus.count, focus.name)}${focus.significant ? ": beyond chance" : ": within chance"}.`,
        ]
      : result.focus
        ? [`No ${result.focus} in the period.`]
        : []),
    `Strongest: ${against(ranked[0]!, groupWord, groups.length)}.`,
    `Weakest: ${against(ranked.at(-1)!, groupWord, groups.length)}.`,
    standouts.length === 0
      ? `No ${groupWord} differs from the others by more than chance once the ${groups.length} are tested together (Benjamini-Hochberg at 5%): read it as history, not an edge.`
      : `Beyond chance across the ${groups.length} (Benjamini-Hochberg at 5%, marked *): ${standouts.map((group) => `${group.name} (${signed(group.mean)} on average)`).join(", ")}. Seasonality can fade: backtest it before trading it.`,
    ...(current
      ? [
          `${current.name} so far (${current.period}, not ended): ${signed(current.return)}${currentGroup ? `; the ${current.name}s before averaged ${signed(currentGroup.mean)}` : ""}.`,
        ]
      : []),
  ].join("\n");
}
