import {
  call,
  defined,
  missing,
  planned,
  type Intent,
  type Message,
  type Outcome,
} from "../intent.ts";
import { strategyLabel, strategyNamed } from "../strategy-names.ts";
import { symbolsIn } from "../symbols.ts";
import { periodWords, returnsByIn } from "../returns-by.ts";
import { isOutcome } from "./strategies.ts";
import { accountTrades } from "./trading.ts";

/** "the trades", "its trades", "the 5 worst trades", "every trade", "the losing trades". */
const tradesNoun =
  /\b(?:the|its|all|every|top|worst|best|biggest|largest|losing|winning|first|last|latest)\s+(?:(?:\d+|worst|best|biggest|largest|losing|winning|closed)\s+)*trades?\b|\b(?:what|which) trades\b|\btrade (?:list|log|history)\b|\b(?:biggest|largest|best|worst) (?:winners?|losers?|loss(?:es)?|wins?)\b/;
/** The run's numbers and curves, asked about rather than changed: "what's the sharpe?". */
const runNumbers =
  /^(?:what(?:'s| is| was| were)|how (?:big|deep|bad|long) (?:is|was)|show|plot|draw|chart)\b.*\b(?:sharpe|sortino|calmar|cagr|win rate|drawdown|profit factor|expectancy|exposure|total return|equity curve|equity chart|drawdown chart|returns?)\b|^(?:plot|draw|chart)\b.*\bequity\b|^(?:show|give)(?: me)? (?:a |the )?(?:chart|plot|graph) of (?:the |its )?(?:equity|returns|drawdowns?)\b|^(?:show|plot|draw|chart)\b(?: me)? (?:the |its )?drawdowns\b|^how many trades\b|^how (?:risky|safe) (?:is|was) (?:it|this|that|the (?:strategy|backtest))\b|^how long (?:was|is|did) (?:it|the strategy) (?:in the market|invested|exposed|hold|held)\b|^how much (?:would|did|could|does) (?:i|we|it) (?:have )?(?:make|made|earn(?:ed)?|lose|lost)\b(?!.*\b(?:today|yesterday|this (?:week|month)|so far)\b)/;
/** How its wins and losses fall: "the kelly fraction", "average win", "losses in a row". */
const outcomeWords =
  /\bkelly(?: fraction| criterion| bet| size)?\b|\bpayoff ratio\b|\baverage (?:win|loss|winner|loser|winning trade|losing trade)s?\b|\b(?:winning|losing) streaks?\b|\b(?:wins|losses|winners|losers|losing trades|winning trades|trades) in a row\b|\bconsecutive (?:wins|losses|winners|losers|losing trades|winning trades)\b/;
/** "the last backtest", "that backtest", "backtest 5fd1b342-...": a stored run by name. */
const namedRun =
  /\b(?:show|open|see|view|display|pull up|bring up|print)\b(?: me)?(?: again)? (?:the |that |this |my )?(?:last |latest |previous |same )?back[- ]?test\b(?!s)(?! (?:a|an|it|buy|of my)\b)/;
/** How volatile it is, how often it trades and how long it holds: the run's metrics and trade statistics. */
const holdingWords =
  /^how volatile (?:is|was) (?:it|the strategy|this|that)\b|\b(?:average |typical |mean |median )?holding (?:period|time)s?\b|\bhow long (?:does|did|do) (?:it|the strategy|trades?|positions?) (?:hold|last|stay)\b|\btrades? (?:per|a|each) year\b|\bhow (?:often|frequently) (?:does|did) (?:it|the strategy) trade\b/;
const backtestUuid = /\b([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/;
/** "backtest a crossover ... and show the trades" runs one first: the backtest intent's. */
const runsOne = /\bback[- ]?test\b(?! (?:results?|report|again)\b)(?!'s)/;
const runAsNoun = /\b(?:the|that|this|last|latest|previous|same|its) back[- ]?test\b/;

/** Another request that counts trades ("optimize it with at least 20 trades", "scan ..."). */
const otherRequest =
  /\b(?:optimi[sz]e|scan|validate|generate|promote|rule|buy|sell|construct|rebalance|minimum|at least|fewer|more than)\b/;

function wantsTrades(text: string) {
  return tradesNoun.test(text) && !accountTrades.test(text) && !otherRequest.test(text);
}

/** How the trades are wanted: worst first, the last 5, all of them, one symbol's. */
function tradesWanted(message: Message): Record<string, unknown> {
  const { text } = message;
  const worst = /\b(?:worst|losing|losers?|loss(?:es)?|lost|lose|smallest)\b/.test(text);
  const best = /\b(?:best|winning|winners?|wins?|won|made money|biggest|largest|top)\b/.test(text);
  const byReturn = /\b(?:by|in) (?:return|percent|%)\b|\breturn\b|%/.test(text);
  const recent = /\b(?:last|latest|most recent|recent)\b/.test(text);
  const counted = /\b(\d+)\s+(?:\w+\s+){0,2}trades\b|\b(?:top|last|first|latest)\s+(\d+)\b/.exec(
    text,
  );
  const one =
    /\b(?:worst|best|biggest|largest|last|first|latest)\s+(?:\w+\s+)?(?:trade|winner|loser|loss|win)\b(?!s)/.test(
      text,
    );
  const all = /\b(?:all|every)\b/.test(text);
  const ranked = worst || best;
  const count = counted ? Number(counted[1] ?? counted[2]) : one ? 1 : undefined;
  const limit = all ? 1000 : count !== undefined ? Math.min(Math.max(count, 1), 1000) : undefined;
  // A symbol written in the message narrows to its trades ("the KITE trades", "trades in QQQ").
  const symbol = symbolsIn(message.raw)[0];
  return defined({
    sortBy: ranked ? (byReturn ? "return" : "pnl") : undefined,
    order: (ranked && best && !worst) || (!ranked && recent) ? "desc" : undefined,
    limit,
    symbol,
  });
}

/**
 * A backtest the message names: its id written out, or the newest backtest of a strategy named
 * ("the trades of my rsi strategy"); what is missing when that strategy has none; undefined
 * when the message names neither (then the conversation's is meant).
 */
export function backtestNamed(
  text: string,
  context: Message["context"],
): string | Outcome | undefined {
  const named = strategyNamed(
    /\b(?:of|for|in|from|by|with) (?:my|the|our|this|that) (.+?) strateg(?:y|ies)\b/.exec(
      text,
    )?.[1],
    context,
  );
  if (isOutcome(named)) return named;
  if (named && !named.latestBacktestId)
    return missing(
      `a backtest of ${strategyLabel(named)}: it was never backtested; say "backtest strategy ${named.id}"`,
    );
  return backtestUuid.exec(text)?.[1] ?? named?.latestBacktestId ?? undefined;
}

export const storedBacktest: Intent = {
  title: "a stored backtest's trades and numbers",
  tools: ["get_backtest", "list_portfolios"],
  examples: [
    "show me the trades",
    "what was the worst trade?",
    "show the 5 best trades by return",
    "show the equity curve",
    "show the last backtest",
  ],
  matches: ({ text, raw }) =>
    // "How many trades did I make this month": the account's orders, not a backtest's months.
    !accountTrades.test(text) &&
    (!runsOne.test(text) || runAsNoun.test(text) || backtestUuid.test(text)) &&
    (wantsTrades(text) ||
      ((periodWords.test(text) || holdingWords.test(text)) && symbolsIn(raw).length === 0) ||
      namedRun.test(text) ||
      (outcomeWords.test(text) && symbolsIn(raw).length === 0) ||
      // "what's the sharpe of SPY" is about the symbol, "what's my exposure" the account's.
      // "what is a sharpe ratio?" asks what it means.
      (runNumbers.test(text) &&
        symbolsIn(raw).length === 0 &&
        !/\b(?:my|our)\b(?!(?: [a-z0-9/().,-]+){1,6}? strateg)|^what(?:'s| is) (?:a|an)\b/.test(
          text,
        ))),
  plan(message) {
    const { text, context } = message;
    // "The trades of my rsi strategy": that strategy's newest backtest.
    const written = backtestNamed(text, context);
    if (isOutcome(written)) return written;
    // "What's its sharpe?" right after a portfolio: the portfolio's numbers as built.
    if (!written && context.portfolioShownLast && !wantsTrades(text))
      return planned(
        [call("list_portfolios", { portfolioId: context.portfolioShownLast })],
        `Show portfolio ${context.portfolioShownLast.slice(0, 8)}…: its weights and numbers as built.`,
      );
    if (!written && context.lastOptimizationId)
      return missing(
        'a backtest of the optimization\'s best: it was searched, not backtested on its own; say "backtest it" first',
      );
    const id = written ?? context.lastBacktestId;
    // Asked about the numbers or the curve, not the trades: the headline and the charts.
    const listsTrades =
      wantsTrades(text) && !/\bhow many trades\b/.test(text) && !outcomeWords.test(text);
    const trades = listsTrades ? tradesWanted(message) : { limit: 0 };
    const returnsBy = returnsByIn(text);
    const input = defined({
      id,
      trades: Object.keys(trades).length > 0 ? trades : undefined,
      returnsBy,
    });
    return planned(
      [call("get_backtest", input)],
      `Show ${id ? `backtest ${id.slice(0, 8)}…` : "the backtest run last"}${listsTrades ? ", with its trades" : ""}${returnsBy ? `, with its returns by ${returnsBy}` : ""}.`,
    );
  },
};
