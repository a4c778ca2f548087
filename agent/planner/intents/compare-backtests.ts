import { call, missing, planned, type Intent } from "../intent.ts";
import { symbolsIn } from "../symbols.ts";

const backtestUuids = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g;
const most = 6;
const counts: Record<string, number> = { two: 2, three: 3, four: 4, five: 5, six: 6 };
const countWord = String.raw`(\d+|two|three|four|five|six)`;

/** "which one is better?", "which did best", "is the difference significant?". */
const whichIsBetter =
  /\bwhich (?:one|1|of (?:them|these|those|the (?:two|2))|version|variant|backtest|run|is|was|did|does|has|had|gave|got|made|returned|shows|performed|works?)\b.*\b(?:better|best|worse|worst|higher|lower|more|less|fewer|wins?|won)\b|\b(?:is|was) (?:the|that) difference (?:statistically )?significant\b|\bsignificantly (?:better|different)\b/;
/** "compare them", "compare the two", "compare my last 3 backtests", "compare both versions". */
const compareThese = new RegExp(
  String.raw`\bcompare (?:them|these|those|both|the (?:two|2)|the (?:last|latest|previous) (?:${countWord} )?(?:backtests|runs|results)|(?:my|the) (?:last|latest|recent) (?:${countWord} )?backtests|the backtests|(?:these|those|the|both|all) (?:${countWord} )?(?:strategies|backtests|runs|variants|versions|results))\b`,
);
/** "Are my strategies correlated?", "how correlated are they?": their returns, side by side. */
const strategiesTogether =
  /\bcorrelat\w*\b.*\b(?:strateg(?:y|ies)|backtests|them|they|these|those|each other)\b|\b(?:strateg(?:y|ies)|backtests|they|these|those)\b.*\b(?:correlat\w*|move together|diversif\w*)\b/;
/** Every stored strategy rather than this conversation's. */
const allStrategies = /\b(?:my|all(?: my| the)?|our|the stored) strateg(?:y|ies)\b/;
const uuids = (raw: string) => [...new Set(raw.match(backtestUuids) ?? [])];

/**
 * Backtests side by side, and whether the best is better by more than chance: the ones written
 * by id, the store's newest ("compare my last 3 backtests"), or this conversation's ("which one
 * is better?": the last two; "compare them": up to six).
 */
export const compareBacktests: Intent = {
  title: "a comparison of backtests",
  tools: ["compare_backtests"],
  examples: ["which one is better?", "compare my last 3 backtests", "compare them"],
  matches: ({ text, raw, context }) =>
    // "Which is better, SPY or QQQ?" compares the symbols.
    (whichIsBetter.test(text) && symbolsIn(raw).length === 0 && !context.findingsShownLast) ||
    (strategiesTogether.test(text) && symbolsIn(raw).length === 0) ||
    compareThese.test(text) ||
    (/\bcompare\b/.test(text) && uuids(raw).length >= 2),
  plan({ text, raw, context }) {
    const written = uuids(raw);
    if (written.length > most)
      return missing(`at most ${most} backtests to compare: the message names ${written.length}`);
    if (written.length >= 2)
      return planned(
        [call("compare_backtests", { backtestIds: written })],
        `Compare backtests ${written.map((id) => id.slice(0, 8)).join(", ")} and test whether the best Sharpe ratio is more than chance.`,
      );
    const counted = new RegExp(String.raw`\b(?:last|latest|recent|previous) ${countWord}\b`).exec(
      text,
    )?.[1];
    const wanted = counted ? (counts[counted] ?? Number(counted)) : undefined;
    if (wanted !== undefined && (wanted < 2 || wanted > most))
      return missing(`two to ${most} backtests to compare (the message asks for ${wanted})`);
    const ours = context.backtestIds ?? [];
    // "My last 3 backtests": the store's newest, whatever this conversation ran.
    if (/\b(?:my|the) (?:last|latest|recent)\b.*\bbacktests\b/.test(text) && wanted !== undefined)
      return planned(
        [call("compare_backtests", { last: wanted })],
        `Compare the ${wanted} backtests run last and test whether the best Sharpe ratio is more than chance.`,
      );
    const pair =
      /\b(?:better|worse|more|less|fewer|higher|lower)\b|\bthe (?:two|2)\b|\bboth\b|\bdifference\b/.test(
        text,
      );
    const take = wanted ?? (pair ? 2 : most);
    // "Are my strategies correlated?": the newest backtest of each stored strategy.
    if (
      allStrategies.test(text) &&
      (ours.length < 2 || !/\b(?:these|those|they|them)\b/.test(text))
    ) {
      const stored = context.strategyNames;
      if (stored === undefined) return missing("the stored strategies", "strategyNames");
      const latest = stored.flatMap((strategy) => strategy.latestBacktestId ?? []).slice(0, take);
      if (latest.length < 2)
        return missing(
          `two backtested strategies to compare: ${latest.length === 0 ? "none is" : "one is"} stored`,
        );
      return planned(
        [call("compare_backtests", { backtestIds: latest.reverse() })],
        `Compare the newest backtests of the ${latest.length} newest stored strategies: how their returns move together and whether the best Sharpe ratio is more than chance.`,
      );
    }
    if (ours.length < 2)
      return missing(
        `two backtests to compare: this conversation has ${ours.length === 0 ? "run none" : "run one"}; run another ("what if I used a 50/200?"), or say "compare my last two backtests"`,
      );
    const chosen = ours.slice(0, take).reverse();
    return planned(
      [call("compare_backtests", { backtestIds: chosen })],
      `Compare this conversation's last ${chosen.length} backtests and test whether the best Sharpe ratio is more than chance.`,
    );
  },
};
