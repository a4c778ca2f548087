import { extractPeriod } from "../dates.ts";
import { call, defined, missing, planned, type Intent } from "../intent.ts";
import { symbolsIn } from "../symbols.ts";
import { backtestNamed } from "./stored-backtest.ts";
import { isOutcome, periodInput, periodWords } from "./strategies.ts";

/**
 * "The drawdowns", "the worst drawdowns", "how long did SPY take to recover", "underwater":
 * each fall and its recovery. "What was the drawdown of SPY in 2022" (one number) stays a
 * backtest's, and "the max drawdown" the run's numbers.
 */
const asksDrawdowns =
  /\bdrawdowns\b|\bthe (?:19|20)\d\d (?:drawdown|crash|drop|sell-?off|bear market|decline|correction)\b|\b(?:when|last)\b.*\b(?:new|all[- ]time|record) highs?\b|\b(?:worst|biggest|largest|deepest|longest) (?:\d+ )?(?:drawdowns?|falls|declines|crashes)\b|\bunder ?water\b|\bhow long (?:did|does|do|has|would) .+? (?:take to )?recover\b|\brecover(?:y|ed)? (?:time|from)\b/;
/** "The top 3", "the 5 worst drawdowns": how many to list (at most 50). */
function topIn(text: string): number | undefined {
  const top =
    /\b(?:top|worst|biggest|largest|deepest|longest) (\d+)\b|\b(\d+) (?:worst|biggest|largest|deepest) drawdowns\b/.exec(
      text,
    );
  return top ? Math.min(50, Math.max(1, Number(top[1] ?? top[2]))) : undefined;
}

/**
 * "Show the drawdowns of SPY since 2020", "the worst drawdowns of my strategy", "how long did
 * QQQ take to recover from the 2022 drop": a symbol's closes, else a backtest's equity (written,
 * of a strategy named, or the conversation's).
 */
export const drawdownsIntent: Intent = {
  title: "drawdowns",
  tools: ["drawdowns"],
  examples: [
    "show the drawdowns of SPY since 2020",
    "what were the worst drawdowns of my strategy?",
    "how long did QQQ take to recover from the 2022 drop?",
  ],
  matches: ({ text }) => asksDrawdowns.test(text) && !/\bmax(?:imum)? drawdowns?\b/.test(text),
  plan({ raw, text, context }) {
    const { period, problem } = extractPeriod(text, context.nowMs);
    if (problem) return missing(`the period: ${problem}`);
    // "Recover from the 2020 crash", "the 2022 drawdown": the deepest fall under way that year,
    // over all history (its peak may be earlier, its recovery later).
    const year =
      /\bthe ((?:19|20)\d\d) (?:drawdown|crash|drop|sell-?off|bear market|decline|correction)\b/.exec(
        text,
      )?.[1] ?? (/\brecover/.test(text) ? /\b((?:19|20)\d\d)\b/.exec(text)?.[1] : undefined);
    const span = year
      ? { fallingFrom: `${year}-01-01`, fallingTo: `${year}-12-31`, top: 1 }
      : { ...periodInput(period), top: topIn(text) };
    const when = year
      ? `, the deepest fall under way in ${year}`
      : periodWords(period)
        ? ` ${periodWords(period)}`
        : "";
    const symbols = symbolsIn(raw);
    if (symbols.length > 1)
      return missing(`one symbol at a time (I see ${symbols.join(", ")}); ask for each`);
    if (symbols.length === 1)
      return planned(
        [call("drawdowns", defined({ symbol: symbols[0], ...span }))],
        `List the drawdowns of ${symbols[0]}${when}: each fall, its low and its recovery.`,
      );
    const named = backtestNamed(text, context);
    if (isOutcome(named)) return named;
    const backtestId = named ?? context.lastBacktestId;
    return planned(
      [call("drawdowns", defined({ backtestId, ...span }))],
      `List the drawdowns of ${backtestId ? `backtest ${backtestId.slice(0, 8)}…` : "the backtest run last"}${when}: each fall of its equity, its low and its recovery.`,
    );
  },
};
