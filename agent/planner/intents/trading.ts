import { rankingOrders } from "../../../tools/replies/strategies.ts";
import { daysAgo, extractPeriod, startOfDayIso } from "../dates.ts";
import {
  call,
  defined,
  missing,
  planned,
  strategyIdIn,
  whichStrategy,
  type Intent,
  type Outcome,
} from "../intent.ts";
import { strategyLabel, strategyMeant, strategyNamed } from "../strategy-names.ts";
import { symbolsIn, symbolsOrUniverse } from "../symbols.ts";
import { listWords, take } from "../text.ts";

/** "lift the kill switch", "undo the halt", "turn off the kill switch". */
const liftsHalt =
  /\b(?:lift|undo|release|disable|deactivate|reset|clear|remove|unset|turn off|switch off|cancel|reverse)\s+(?:the\s+)?(?:halt|kill[- ]?switch)\b|\bkill[- ]?switch\s+off\b/;
/** The request before its reason: "kill switch because the feed is not updating" asks to pull it. */
const requestPart = (text: string) => text.split(/\b(?:because|due to|reason)\b|:/)[0]!;

/**
 * "How does the kill switch work", "explain the halt", "can I stop all trading?": about it, not a
 * request to pull it.
 */
const explainsHalt =
  /^(?:how|explain|tell me|describe|what does|what (?:happens|would happen|will happen)|can|could|should|would|may|might|why)\b/;
/** "is the kill switch on?", "was trading halted?": a question, answered by the status view. */
const asksAboutHalt =
  /^(?:is|was|has|have|are|did|do|does|should|would|could|why|when|who|what|which)\b.*\b(?:kill[- ]?switch|halt(?:ed)?)\b|\b(?:kill[- ]?switch|halt(?:ed)?)\b.*\?$/;

export const killSwitch: Intent = {
  title: "the kill switch",
  tools: ["kill_switch"],
  examples: ["stop all trading", "kill switch because the data feed looks wrong"],
  // Lifting the halt is a human's (humanDecision says how) and a question is the status view's:
  // neither may pull the switch, which cancels every open order.
  matches: ({ text }) =>
    !liftsHalt.test(text) &&
    !asksAboutHalt.test(text) &&
    /\bkill[- ]?switch\b|\b(?:stop|halt|freeze|pause|suspend|cease|end)\s+(?:all\s+)?(?:the\s+)?(?:trading|order flow)\b|\bemergency stop\b|^panic\b|\bpanic (?:button|stop|mode)\b|\b(?:stop|halt) everything\b|\bhalt\b/.test(
      text,
    ),
  plan({ raw, text }) {
    // "Stop trading SPY" is about one symbol, which nothing halts alone: not every order.
    const symbols = symbolsIn(raw);
    if (/\b(?:stop|halt|pause|suspend|freeze)\s+trading\s+\S/.test(text) && symbols.length > 0)
      return {
        kind: "refused",
        why: `Nothing halts trading in one symbol alone, and the kill switch would stop every strategy and cancel every order. For ${symbols.join(", ")}: "close my ${symbols[0]} position" proposes the close, "what are my strategies holding" shows which strategies trade it, and "stop trading <that> strategy" takes one off trading. "Stop all trading" pulls the kill switch.`,
      };
    // Pulling it cancels every open order: never on words that talk about it rather than ask.
    if (
      /\b(?:don'?t|do not|never|no need to|shouldn'?t|not)\b/.test(requestPart(text)) ||
      explainsHalt.test(text)
    )
      return {
        kind: "refused",
        why: 'The kill switch halts all trading at once: nothing new passes the risk gate, approved orders not yet sent are cancelled, and open orders at the broker are cancelled. Say "stop all trading" (or "kill switch because ...") to pull it; only a human lifts it, with `alphadesk resume` in a terminal. "Is the kill switch on?" shows the status.',
      };
    // The reason is the user's own words: after "because" or a colon, or else the whole message.
    const given =
      /\b(?:because|reason\s*[:=-]?|due to)\s+([\s\S]+)$|^[^:]*kill[- ]?switch\s*[:,-]\s*([\s\S]+)$/i.exec(
        raw,
      );
    const reason = (given?.[1] ?? given?.[2] ?? raw).trim().slice(0, 500);
    return planned(
      [call("kill_switch", { reason })],
      `Pull the kill switch: halt all trading and cancel open orders (reason: "${reason}"). Only a human can resume.`,
    );
  },
};

export const auditLog: Intent = {
  title: "an audit log check",
  tools: ["verify_audit_log"],
  examples: ["verify the audit log"],
  matches: ({ text }) => /\baudit\b|\btamper(?:ed|ing)?\b|\bhash chain\b/.test(text),
  plan: () =>
    planned(
      [call("verify_audit_log", {})],
      "Verify the audit log: recompute every hash of its chain.",
    ),
};

/**
 * What only a human does, outside the tools: approving an order (a button or `alphadesk
 * approve`), lifting the kill switch's halt (`alphadesk resume`). No call is planned; a "cancel"
 * or "reject" that names no order (cancel-orders.ts takes those that do) asks which.
 */
export const humanDecision: Intent = {
  title: "a human's decision",
  tools: [],
  examples: ["show pending approvals", "show my orders"],
  matches: ({ text }) =>
    /^(?:approve|reject|confirm|decline|accept|deny)\b|\b(?:resume|restart|unhalt|re-?enable) (?:all )?trading\b|^cancel\b/.test(
      text,
    ) || liftsHalt.test(text),
  plan({ text }) {
    if (/^cancel\b/.test(text) && !liftsHalt.test(text))
      return {
        kind: "refused",
        why: 'Say which order to cancel: "cancel my AAPL order", "cancel order <id>" ("show my orders" lists them with their ids) or "cancel all my open orders". The kill switch ("stop all trading") stops everything at once.',
      };
    if (!/^(?:approve|reject|confirm|decline|accept|deny)\b/.test(text))
      return {
        kind: "refused",
        why: "Only a human lifts the kill switch's halt, outside the chat: `alphadesk resume` in a terminal.",
      };
    return {
      kind: "refused",
      why: 'Approving an order is a human\'s decision, and no tool makes it: use the Approve button on the order\'s card, or `alphadesk approve <id>` in a terminal. To reject one, say which ("reject the AAPL order", "reject order <id>") or use its Reject button.',
    };
  },
};

const stages: [RegExp, string][] = [
  [/^paper(?: trading)?$/, "paper"],
  [/^small[ _-]?live$/, "small_live"],
  [/^full[ _-]?live$/, "full_live"],
  [/^backtest(?:ing)?$/, "backtest"],
];

/** "deploy it", "run it on paper", "paper trade it", "go live with it", "trade it live". */
const deploys =
  /^(?!.*\bback[- ]?test).*(?:\b(?:deploy|launch)\b|\b(?:run|put|trade|start)\b.*\b(?:on|in|into)\s+(?:paper|small[ _-]?live|full[ _-]?live|live)\b|\bpaper[- ]trad(?:e|ing)\b|\bgo live\b|\b(?:trade|run) (?:it|this|that) live\b)/;
/** The stage said another way, as "to <stage>". */
const stageSaid: [RegExp, string][] = [
  [/\b(?:start )?paper[- ]trad(?:e|ing)\b/, "to paper"],
  [/\bgo live\b|\b(?:trade|run) (?:it|this|that) live\b/, "to live"],
];

/** A question, not a request: "can I promote it?", "why can't I promote it", "is it ready?". */
const asksQuestion =
  /^(?:can|could|should|would|may|might|shall|why|how|when|what|is|are|do|does|did|will)\b/;
const aboutPromotion =
  /\b(?:promot\w*|go(?:es)? live|going live|paper[- ]trad\w*|deploy\w*|ready (?:for|to)\b)/;
const promotionNeeds =
  "promotion needs the validator's latest verdict pass and, from paper on, 20 NYSE sessions and 10 filled orders in the stage with tracking error under 5% a year";

/**
 * "Can I promote it?", "is it ready to go live?", "why can't I promote it": the strategy's status
 * (stage, days, fills, tracking), never the promotion itself; "how do I paper trade it?" is told
 * how.
 */
export const promotionQuestion: Intent = {
  title: "a question about a promotion",
  tools: ["strategy_status"],
  examples: ["can I promote it to paper?", "is it ready to go live?"],
  matches: ({ text }) => asksQuestion.test(text) && aboutPromotion.test(text),
  plan({ raw, text, context }) {
    if (/^how (?:do|can|would|should) (?:i|we)\b/.test(text))
      return {
        kind: "answered",
        text: `Say "promote it to paper" (then "to small live", 10% of its size, and "to full live"): one stage at a time, and ${promotionNeeds}. "How is it doing?" shows where it stands; every order still waits for a person's approval.`,
      };
    const meant = strategyMeant(
      raw,
      /\b(?:my|the) ((?:(?!\b(?:my|the)\b).)+?) strategy\b/.exec(text)?.[1],
      context,
    );
    if (meant && "kind" in meant) return meant;
    if (!meant)
      return missing(
        'which strategy: none was run in this conversation; name it ("is my rsi dip strategy ready for paper?") or give its id',
      );
    return planned(
      [call("strategy_status", { strategyId: meant.id })],
      `Show where ${meant.named ? strategyLabel(meant.named) : `strategy ${meant.id.slice(0, 12)}…`} stands (stage, days in it, fills, tracking against its backtest): ${promotionNeeds}. Nothing is promoted.`,
    );
  },
};

export const promote: Intent = {
  title: "a strategy promotion",
  tools: ["promote_strategy"],
  examples: ["promote the last strategy to paper", "promote strategy <64-hex id> to small live"],
  // "Stop paper trading" is not a request to paper trade (stopStrategy reads it), nor is a
  // question about it ("can I promote it?": promotionQuestion).
  matches: ({ text }) =>
    !/^(?:stop|quit|cease|end|pause|suspend|halt)\b/.test(text) &&
    !asksQuestion.test(text) &&
    (/\b(?:promote|demote|graduate)\b|\bmove\b.*\bto\s+(?:the\s+)?(?:paper|small[ _-]?live|full[ _-]?live|backtest)\b/.test(
      text,
    ) ||
      deploys.test(text)),
  plan(message) {
    const text = stageSaid.reduce(
      (said, [pattern, stage]) => said.replace(pattern, stage),
      message.text,
    );
    // The strategy moved must be named: an id, or "it" / "the last strategy" for the
    // conversation's. "promote momentum to paper" names neither, so it never takes the last one.
    const object =
      /\b(?:promote|demote|graduate|move|deploy|launch|run|put|trade|start)\s+(?!to\b|on\b|in\b|into\b)(.+?)(?=\s+(?:to|on|in|into|live|with)\b|$)/.exec(
        text,
      )?.[1];
    const named =
      object === undefined ||
      /\b(?:[0-9a-f]{64}|it|this|that|the (?:last|latest|current|same) (?:strategy|one|1)|(?:this|that) (?:one|1)|strategy\s+\S+)$/.test(
        object,
      ) ||
      // Right after a comparison or an optimization: its best.
      ((message.context.comparisonShownLast === true ||
        message.context.lastOptimizationId !== undefined) &&
        /^(?:the (?:better|best|winning) (?:one|1|strategy)|the winner)$/.test(object));
    if (!named) return whichStrategy(object);
    const strategyId = strategyIdIn(message);
    if (!strategyId)
      return missing(
        "which strategy: give its 64-hex id (backtest_strategy returns it) or backtest one first",
      );
    const target =
      /\b(?:to|on|in|into)\s+(?:the\s+)?(paper(?: trading)?|small[ _-]?live|full[ _-]?live|live|backtest(?:ing)?)\b/.exec(
        text,
      );
    let to: string | undefined;
    if (target) {
      if (target[1] === "live")
        return missing(
          'which live stage: "small live" (10% of its size) or "full live"; promotion moves one stage at a time',
        );
      to = stages.find(([pattern]) => pattern.test(target[1]!))?.[1];
    } else if (/\bdemote\b/.test(text))
      return missing('which stage to move it back to, e.g. "demote it to paper"');
    // "Deploy it" could mean real money: the stage must be said, never taken as the next one.
    else if (deploys.test(text))
      return missing(
        'which stage: "to paper", "to small live" (10% of its size) or "to full live"',
      );
    const capital =
      /\$(\d+(?:\.\d+)?)(?:\s+(?:of\s+)?capital)?|\bcapital\s*(?:of\s*)?\$?(\d+(?:\.\d+)?)/.exec(
        text,
      );
    const input = defined({
      strategyId,
      to,
      capital: capital ? Number(capital[1] ?? capital[2]) : undefined,
    });
    return planned(
      [call("promote_strategy", input)],
      `Move strategy ${strategyId.slice(0, 12)}… ${to ? `to ${to.replace("_", " ")}` : "to its next stage"}, if the validator and the stage's evidence allow it.`,
    );
  },
};

/** "What are my strategies holding?", "what does my rsi dip strategy hold": their own fills, netted. */
const asksStrategyHoldings =
  /\bstrateg(?:y|ies)'?s? (?:holdings?|positions?)\b|\bwhat (?:are|is|does|do) (?:my|the) (?:\S+ ){0,4}strateg(?:y|ies) hold(?:ing)?\b/;

/** "how is it doing?", "is it live?": the conversation's strategy, where it trades. */
const asksAboutIt =
  /\bhow(?:'s| is) (?:it|this|that)(?: one| strategy)? (?:doing|performing|going|tracking)\b|\bis (?:it|this|that)(?: one| strategy)? (?:on paper|paper trading|live|trading|running|deployed)\b/;

export const strategyStatus: Intent = {
  title: "the strategies' status",
  tools: ["strategy_status"],
  examples: ["how are my strategies doing", "which strategies are on paper", "how is it doing?"],
  matches: ({ text }) =>
    /\bstrateg(?:y|ies)\b.*\b(?:status|stages?|doing|performing|tracking|progress)\b|\b(?:status|stages?) of (?:my |the |all )?(?:\S+ ){0,4}strateg|\bhow (?:are|is) (?:my |the )?strateg(?:y|ies)\b|\bhow (?:did|has|have) (?:my |the |our )?(?:paper |live )?strateg(?:y|ies) (?:do|done|did|perform|performed|been doing)\b|\b(?:which|what) strategies (?:are|is)\b|\b(?:my|the) (?:paper|live|small[ _-]?live|full[ _-]?live|running|promoted) strategies\b/.test(
      text,
    ) ||
    asksAboutIt.test(text) ||
    asksStrategyHoldings.test(text),
  plan({ text, context }) {
    if (asksAboutIt.test(text)) {
      const strategyId = context.lastStrategyId;
      if (!strategyId)
        return missing(
          'which strategy: none was backtested in this conversation; ask "how are my strategies doing" for all of them',
        );
      return planned(
        [call("strategy_status", { strategyId })],
        `Show how strategy ${strategyId.slice(0, 12)}… is doing: its stage, trading state, fills, holdings, P&L and tracking against its backtest.`,
      );
    }
    // "How is my rsi dip strategy doing": that one, found by its stored name.
    const named = strategyNamed(
      /\b(?:my|the) ((?:(?!\b(?:my|the)\b).)+?) strategy\b/.exec(text)?.[1],
      context,
    );
    if (named && "kind" in named) return named;
    if (named)
      return planned(
        [call("strategy_status", { strategyId: named.id })],
        `Show how ${strategyLabel(named)} is doing: its stage, trading state, fills, holdings, P&L and tracking against its backtest.`,
      );
    const stageWord = /\b(paper|small[ _-]?live|full[ _-]?live|backtest)\b/.exec(text)?.[1];
    const stage = stageWord ? stages.find(([pattern]) => pattern.test(stageWord))?.[1] : undefined;
    return planned(
      [call("strategy_status", defined({ stage }))],
      `Show every promoted strategy${stage ? ` at ${stage.replace("_", " ")}` : ""}: stage, trading state, fills, holdings, P&L and tracking against its backtest.`,
    );
  },
};

/** "list my strategies": every stored one, after strategyStatus has taken the stage questions. */
export const listStrategies: Intent = {
  title: "a list of the stored strategies",
  tools: ["list_strategies"],
  examples: ["list my strategies", "what strategies do I have", "my top 5 strategies by drawdown"],
  matches: ({ text }) =>
    (strategyRanking.test(text) && !/\bportfolio\b/.test(text)) ||
    /\b(?:list|show|see|view)\b(?: me)?(?: all| the| my| stored| saved| last| latest| \d+)* strategies\b|\b(?:what|which)(?: are)?(?: my| the)? strategies (?:do|have|did) (?:i|we)\b|\bwhat are (?:my|the|our) (?:stored |saved )?strategies\b|\bhow many strategies\b|^(?:my |stored |saved )?strategies\??$/.test(
      text,
    ),
  plan({ text }) {
    const count = /\b(\d+) strateg(?:y|ies)\b|\b(?:top|best) (\d+)\b/.exec(text);
    const rankBy = strategyRanking.test(text) ? rankingIn(text) : undefined;
    // "the best strategy", "which strategy has the highest return": one.
    const one = rankBy && /\bstrategy\b/.test(text) && !/\bstrategies\b/.test(text);
    const limit = count
      ? Math.min(Math.max(Number(count[1] ?? count[2]), 1), 200)
      : one
        ? 1
        : undefined;
    const order = rankBy ? rankingOrders[rankBy] : "newest first";
    return planned(
      [call("list_strategies", defined({ limit, rankBy }))],
      `List the stored strategies${limit ? ` (at most ${limit})` : ""}, ${order}, with their stage and latest backtest.`,
    );
  },
};

/** "my best strategies", "rank my strategies by drawdown", "which strategy has the highest return". */
const strategyRanking =
  /\b(?:best|top|strongest|safest|most profitable|highest[- ](?:sharpe|return(?:ing)?))(?: \d+)?(?: performing| scoring| returning| ranked)? strateg(?:y|ies)\b|\brank(?:ed)? (?:my |the |all |our )?strategies\b|\bstrategies (?:ranked|sorted|ordered) by\b|\bwhich (?:of my )?strateg(?:y|ies) (?:has|had|have|is|was|made|did|does) (?:the )?(?:best|highest|most|lowest|smallest|shallowest|least)\b/;

/** What "best" means in the message: drawdown, return, or (by default) Sharpe. */
function rankingIn(text: string): keyof typeof rankingOrders {
  if (/\bdrawdowns?\b|\bsafest\b|\bleast risk/.test(text)) return "maxDrawdown";
  if (/\b(?:total )?returns?\b|\bprofit|\bmade the most\b|\bmost money\b/.test(text))
    return "totalReturn";
  return "sharpe";
}

export const listBacktests: Intent = {
  title: "a list of the stored backtests",
  tools: ["list_backtests"],
  examples: ["list my backtests", "show the last 5 backtests of the last strategy"],
  matches: ({ text }) =>
    /\b(?:list|show|see|view)\b(?: me)?(?: all| the| my| stored| saved| last| latest| recent| previous| past| \d+)* back[- ]?tests\b|\bback[- ]?test (?:history|runs|log)\b|\b(?:what|which)(?: have| did)? (?:i|we) (?:already )?back[- ]?test(?:ed)?\b|^(?:my |recent |past |stored )?back[- ]?tests\??$/.test(
      text,
    ),
  plan(message) {
    const count = /\b(\d+) back[- ]?tests\b/.exec(message.text)?.[1];
    const limit = count ? Math.min(Math.max(Number(count), 1), 200) : undefined;
    const ofStrategy = /\b(?:of|for|on)\b.*\b(?:strategy|it|this|that|[0-9a-f]{64})\b/.test(
      message.text,
    );
    const strategyId = ofStrategy ? strategyIdIn(message) : undefined;
    if (ofStrategy && !strategyId)
      return missing(
        "which strategy: none was backtested in this conversation yet; give its 64-hex id",
      );
    return planned(
      [call("list_backtests", defined({ strategyId, limit }))],
      `List the stored backtests${strategyId ? ` of strategy ${strategyId.slice(0, 12)}…` : ""}, newest first.`,
    );
  },
};

export const deskStatus: Intent = {
  title: "the desk's status",
  tools: ["desk_status"],
  examples: ["status", "what is running right now", "what are the risk limits?"],
  matches: ({ text }) =>
    /^(?:\/?status|show (?:me )?(?:the )?status|what(?:'s| is) the status\??$|(?:desk|overall|account|trading) status|dashboard)\b|\bwhat(?:'s| is) (?:running|going on)\b|\b(?:running|background) jobs\b|\bstatus of (?:the |my )?(?:desk|account|trading|jobs|kill[- ]?switch)\b/.test(
      text,
    ) ||
    asksAboutHalt.test(text) ||
    /^(?:what(?:'s| is| are)|show|list)(?: me)? (?:the |my |our )?(?:risk |trading |pre-trade |order |position )?limits\b/.test(
      text,
    ),
  plan: () =>
    planned(
      [call("desk_status", {})],
      "Show the desk: trading state, approvals waiting, open orders, strategies by stage with P&L and correlation, and running jobs.",
    ),
};

const portfolioObjectives: [RegExp, string][] = [
  [/\bhrp\b|\bhierarchical\b/, "hrp"],
  [/\brisk[- ]parity\b|\bequal risk\b/, "riskParity"],
  [/\bmin(?:imum)?[- ]variance\b|\blowest (?:risk|volatility)\b/, "minVariance"],
  [/\bmax(?:imum)?[- ]sharpe\b|\btangency\b/, "maxSharpe"],
  [/\bmax(?:imum)?[- ]diversification\b|\bmost diversified\b/, "maxDiversification"],
  [/\bequal[- ]weights?\b|\bequally weighted\b/, "equalWeight"],
];

const share = (written: string | undefined) =>
  written === undefined ? undefined : Number(written) / 100;

/**
 * The weight limits a message sets: "with at most 30% in one", "no more than 25% per asset",
 * "at least 5% in each", "keep 10% in cash". Percentages become shares of capital.
 */
function weightLimits(text: string): { words: string[]; constraints?: Record<string, number> } {
  const most =
    /\b(?:at most|no more than|not more than|max(?:imum)?(?: of)?|up to|capped at|cap(?: it)? at)\s+(\d+(?:\.\d+)?)\s*%(?!\s*(?:in |of |as )?cash\b)/.exec(
      text,
    )?.[1];
  const least =
    /\b(?:at least|no less than|min(?:imum)?(?: of)?)\s+(\d+(?:\.\d+)?)\s*%\s*(?:in|per|for|of|on)\s+(?:each|every|all)\b/.exec(
      text,
    )?.[1];
  const cash =
    /\b(\d+(?:\.\d+)?)\s*%\s*(?:in |of |as )?cash\b|\bcash (?:buffer )?of (\d+(?:\.\d+)?)\s*%/.exec(
      text,
    );
  const constraints = defined({
    maxWeight: share(most),
    minWeight: share(least),
    cashBuffer: share(cash?.[1] ?? cash?.[2]),
  });
  const words = [
    ...(most ? [`at most ${most}% in one`] : []),
    ...(least ? [`at least ${least}% in each`] : []),
    ...(cash ? [`${cash[1] ?? cash[2]}% in cash`] : []),
  ];
  return Object.keys(constraints).length > 0 ? { words, constraints } : { words };
}

/** Symbols written, else a built-in universe named in words ("the sector etfs"), strategies aside. */
const portfolioSymbols = (raw: string, text: string): string[] =>
  /\bstrateg(?:y|ies)\b/.test(text) ? symbolsIn(raw) : symbolsOrUniverse(raw, text);

/** "build a risk parity portfolio of <id> and <id>", "weight these strategies". */
export const constructPortfolio: Intent = {
  title: "a portfolio",
  tools: ["construct_portfolio"],
  examples: [
    "build a risk parity portfolio of strategies <64-hex id> and <64-hex id>",
    "build a portfolio of my 5 best strategies",
    "allocate across SPY, TLT and GLD with risk parity",
    "build a min variance portfolio of the sector etfs",
  ],
  matches: ({ text }) =>
    /\b(?:build|construct|make|create|optimi[sz]e|allocate|weight)\b.*\bportfolio\b|\bportfolio (?:of|from|for|weights)\b|\ballocate\b.*\b(?:across|between|among)\b|\befficient frontier\b/.test(
      text,
    ),
  plan({ raw, text, context }) {
    const written = [...new Set(raw.match(/\b[0-9a-f]{64}\b/g) ?? [])];
    const objective = portfolioObjectives.find(([pattern]) => pattern.test(text))?.[1];
    const limits = weightLimits(text);
    const how = `${objective ? ` (${objective})` : " (hierarchical risk parity)"}${limits.words.length > 0 ? `, ${limits.words.join(", ")}` : ""}`;
    const { constraints } = limits;
    // "allocate across SPY, TLT and GLD", "a portfolio of the sector etfs": the instruments
    // themselves, from their stored closes.
    const symbols = written.length === 0 ? portfolioSymbols(raw, text) : [];
    if (symbols.length >= 2)
      return planned(
        [call("construct_portfolio", defined({ symbols, objective, constraints }))],
        `Weight ${listWords(symbols)} by their daily returns into a portfolio${how}, with its efficient frontier.`,
      );
    if (written.length >= 2)
      return planned(
        [call("construct_portfolio", defined({ strategyIds: written, objective, constraints }))],
        `Weight ${written.length} strategies into a portfolio${how}.`,
      );
    // "of my strategies", "from my 5 best strategies": the stored ones, best Sharpe first.
    const mine =
      /\b(?:my|our|all|the stored|stored)\b(?: (?:\d+ )?(?:best|top))?(?: \d+)?(?: best)? strategies\b/.exec(
        text,
      );
    if (written.length > 0 || !mine)
      return missing(
        'what to weight: at least two symbols ("SPY, TLT and GLD"), a universe ("the sector etfs"), two 64-hex strategy ids, or "my strategies"',
      );
    const ranked = context.rankedStrategyIds;
    if (!ranked) return missing("which strategies: none is stored with a backtest");
    const wanted = /\b(\d+)\b/.exec(mine[0])?.[1];
    const strategyIds = ranked.slice(0, wanted === undefined ? ranked.length : Number(wanted));
    if (strategyIds.length < 2)
      return missing(`at least two strategies with a backtest: ${ranked.length} is stored`);
    return planned(
      [call("construct_portfolio", defined({ strategyIds, objective, constraints }))],
      `Weight your ${strategyIds.length} stored strategies with the highest Sharpe into a portfolio${how}.`,
    );
  },
};

/** A stored portfolio's id as construct_portfolio gives it. */
export const portfolioIdPattern =
  /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/i;

/** "show my portfolios", "which portfolios do I have", "show portfolio <uuid>". */
export const listPortfolios: Intent = {
  title: "a list of stored portfolios",
  tools: ["list_portfolios"],
  examples: ["show my portfolios", "show portfolio <uuid>"],
  matches: ({ text, raw }) =>
    /\bportfolios\b/.test(text) ||
    (/^(?:show|list|describe|what(?:'s| is)(?: in)?|details of)\b.*\bportfolio\b/.test(text) &&
      portfolioIdPattern.test(raw)),
  plan({ raw, text }) {
    const portfolioId = portfolioIdPattern.exec(raw)?.[0].toLowerCase();
    const limit = /\b(?:last|latest|newest|top) (\d+)\b/.exec(text)?.[1];
    return planned(
      [
        call(
          "list_portfolios",
          defined({ portfolioId, limit: limit === undefined ? undefined : Number(limit) }),
        ),
      ],
      portfolioId
        ? `Show stored portfolio ${portfolioId}: its weights and numbers as built.`
        : "List the stored portfolios, newest first, with their weights and numbers as built.",
    );
  },
};

/** "rebalance my portfolio", "rebalance portfolio <uuid> if anything drifted 3%", "force a rebalance". */
export const rebalancePortfolio: Intent = {
  title: "a portfolio rebalance",
  tools: ["rebalance_portfolio"],
  examples: ["rebalance my portfolio", "rebalance my portfolio at a 3% drift threshold"],
  matches: ({ text }) =>
    /\bre-?balanc(?:e|es|ed|ing)\b|\bportfolio(?:'s)? drift\b|\bdrift(?:ed|ing)? from (?:the |its )?targets?\b/.test(
      text,
    ),
  plan({ raw, text, context }) {
    // Unnamed, the portfolio the conversation just showed; else the newest stored.
    const portfolioId = portfolioIdPattern.exec(raw)?.[0] ?? context.portfolioShownLast;
    const percent = /(\d+(?:\.\d+)?)\s*%/.exec(text)?.[1];
    const driftThreshold = percent === undefined ? undefined : Number(percent) / 100;
    const force = /\bforced?\b|\banyway\b|\bregardless\b|\bwhatever the drift\b/.test(text);
    return planned(
      [
        call(
          "rebalance_portfolio",
          defined({ portfolioId, driftThreshold, force: force ? true : undefined }),
        ),
      ],
      `Check ${portfolioId ? `portfolio ${portfolioId}` : "the newest portfolio"} against its target weights${force ? " and propose a rebalance whatever the drift" : `; propose a rebalance if a weight drifted past ${percent ?? "5"}% or correlations changed regime`}.`,
    );
  },
};

const approvalStates = ["pending", "approved", "rejected", "expired"];

export const approvals: Intent = {
  title: "a list of approvals",
  tools: ["list_approvals"],
  examples: ["show pending approvals", "show all approvals"],
  matches: ({ text }) =>
    /\bapprovals?\b|\bwaiting (?:for|on) (?:my |an? )?(?:approval|me)\b|\bpending orders\b|\bneeds? (?:my )?approval\b|\bto approve\b|^(?:what(?:'s| is)|is (?:anything|there anything)|anything) pending\b/.test(
      text,
    ),
  plan({ text }) {
    const state = /\ball approvals\b|\bevery approval\b|\bapprovals?,? (?:of )?any state\b/.test(
      text,
    )
      ? "all"
      : approvalStates.find((word) => new RegExp(`\\b${word}\\b`).test(text) && word !== "pending");
    const limit =
      /\b(?:last|latest|recent|top|first)\s+(\d+)\b|\b(\d+)\s+(?:\w+\s+)?approvals\b/.exec(text);
    const input = defined({
      state,
      limit: limit ? Number(limit[1] ?? limit[2]) : undefined,
    });
    return planned(
      [call("list_approvals", input)],
      `List ${state === "all" ? "all" : (state ?? "pending")} approvals.`,
    );
  },
};

const orderSides: Record<string, "buy" | "sell"> = {
  buy: "buy",
  purchase: "buy",
  "go long": "buy",
  long: "buy",
  cover: "buy",
  sell: "sell",
  short: "sell",
  "sell short": "sell",
};

/**
 * When an order should trade or how long it lives, other than now as a day order: "tomorrow",
 * "at the close", "at 3pm", "good till cancelled", "GTC", "IOC", "after hours".
 */
const orderTiming =
  /\b(?:good[- ](?:till|til|until)[- ](?:cancel(?:l)?ed|date)|gtc|gtd|ioc|fok|fill[- ]or[- ]kill|immediate[- ]or[- ]cancel|extended[- ]hours|after[- ]hours|pre-?market|overnight|tomorrow|tonight|later today|next (?:week|month|session|(?:mon|tues|wednes|thurs|fri)day)|on (?:mon|tues|wednes|thurs|fri|satur|sun)day|at (?:the )?close|at (?:the )?open(?:ing)?(?: bell)?|on the open|market on open|end of (?:the )?day|eod|moc|loc|moo|loo|opg|in \d+ (?:minutes?|hours?|days?)|at \d{1,2}(?::\d{2})?\s*(?:am|pm)|at \d{1,2}:\d{2})\b/;

/** The refusal of an order timed otherwise than now as a day order; undefined when it is not. */
export function timingRefusal(text: string): Outcome | undefined {
  if (!orderTiming.test(text)) return undefined;
  return {
    kind: "refused",
    why: "An order here is a day order for now: sent once approved (while the market is closed, at the next session's open) and expired if not filled by the close. Orders for later (at the open or close among them), good till cancelled, immediate-or-cancel, fill-or-kill or outside regular hours are not placed, so I propose nothing rather than an order that trades at another time than asked. Propose it when you want it to trade.",
  };
}

const orderStart =
  /^(?:(?:place|submit|put in|make|send|propose|create|enter|set(?: up)?)\s+(?:an?\s+)?(?:(?:market|limit)\s+)?order\s+(?:to\s+)?)?(sell short|go long|buy|purchase|sell|short|cover|long)\b/;

/**
 * "Can I buy 10 SPY?", "would buying 10 SPY pass the risk gate?", "is selling 500 AAPL too
 * much?": the order read as "buy 10 SPY" would be, checked by the gate (check_order) and never
 * proposed.
 */
const asksAboutOrder: [RegExp, string][] = [
  [/^(?:can|could|may) (?:i|we) ((?:buy|sell|short)\b.*?)\??$/i, "$1"],
  [
    /^would the (?:risk )?gate (?:let|allow) (?:me|us) (?:to )?((?:buy|sell|short)\b.*?)\??$/i,
    "$1",
  ],
  [/^(?:would|does|will) (buy|sell|short)ing (.+?) pass(?: the (?:risk )?gate)?\??$/i, "$1 $2"],
  [/^is (buy|sell|short)ing (.+?) too (?:much|big|large|risky)\??$/i, "$1 $2"],
  [/^check (?:an? |the |my )?order (?:to )?((?:buy|sell|short)\b.*?)\??$/i, "$1"],
];

/** The order a question asks about, as a request: "can I buy 10 SPY?" is "buy 10 SPY". */
const orderAsked = (said: string) => {
  const asked = asksAboutOrder.find(([pattern]) => pattern.test(said.trim()));
  return asked ? said.trim().replace(asked[0], asked[1]) : undefined;
};

export const orderQuestion: Intent = {
  title: "a question about an order",
  tools: ["check_order"],
  examples: ["can I buy 10 SPY?", "would buying 100 SPY pass the risk gate?"],
  matches: ({ text }) => orderAsked(text) !== undefined,
  plan(message) {
    const raw = orderAsked(message.raw) ?? orderAsked(message.text)!;
    const outcome = proposeOrder.plan({ ...message, raw, text: orderAsked(message.text)! });
    if (outcome.kind !== "planned") return outcome;
    return planned(
      outcome.calls.map((planned) => call("check_order", planned.input)),
      `Check "${raw}" against the risk gate now, as propose_order would; nothing is proposed.`,
    );
  },
};

export const proposeOrder: Intent = {
  title: "an order",
  tools: ["propose_order"],
  examples: [
    "buy 10 shares of AAPL",
    "sell $5000 of SPY",
    "buy 5 AAPL limit 180",
    "buy 0.25 BTC/USD for strategy <id>",
  ],
  matches: ({ text }) =>
    orderStart.test(text) ||
    /^(?:place|submit|put in|send|propose)\s+(?:an?\s+)?(?:(?:market|limit)\s+)?order\b/.test(text),
  plan(message) {
    const { raw } = message;
    let text = message.text;
    const timed = timingRefusal(text);
    if (timed) return timed;
    if (/\b(?:when|whenever|if|once|unless|after|as soon as)\b/.test(text))
      return {
        kind: "refused",
        why: 'An order is proposed now or not at all: conditional orders are not supported. To test the rule, backtest it ("backtest AAPL: buy when RSI(14) < 30, sell above 70").',
      };
    if (
      /\b(?:stop[- ]?loss|stop(?:[- ]limit)?\s+(?:at|of|@)|take[- ]profit|profit target|trailing|bracket|oco)\b/.test(
        text,
      )
    )
      return {
        kind: "refused",
        why: 'An order here is market or limit only: a stop loss, take profit or trailing stop is not placed with it, so I propose nothing rather than an order without the protection asked for. Propose the order alone, or backtest the stop ("backtest it with a 5% stop loss").',
      };
    const start = orderStart.exec(text);
    if (!start) return missing('whether to buy or sell, e.g. "buy 10 shares of AAPL"');
    const side = orderSides[start[1]!]!;
    text = text.slice(start.index + start[0].length);
    let strategyId: string | undefined;
    const forStrategy = take(
      text,
      /\bfor\s+(?:the\s+)?(?:(last|latest|same|this)\s+strategy|strategy\s+([a-z0-9][a-z0-9._:-]{0,199}))\b/,
    );
    if (forStrategy) {
      strategyId = forStrategy.match[2] ?? message.context.lastStrategyId;
      if (!strategyId)
        return missing("which strategy the order is for: there is no last strategy yet");
      text = forStrategy.rest;
    }
    let limitPrice: number | undefined;
    const limit =
      take(text, /\b(?:limit|lmt)(?:\s+price)?\s*(?:at|of|@|=|:)?\s*\$?(\d+(?:\.\d+)?)/) ??
      take(text, /\bat\s+\$?(\d+(?:\.\d+)?)\s*(?:limit|lmt)\b/) ??
      take(text, /@\s*\$?(\d+(?:\.\d+)?)/) ??
      (/\blimit\b/.test(message.text) ? take(text, /\bat\s+\$?(\d+(?:\.\d+)?)/) : undefined);
    if (limit) {
      limitPrice = Number(limit.match[1]);
      text = limit.rest;
    } else if (/\blimit\b/.test(message.text))
      return missing('the limit price, e.g. "buy 5 AAPL limit 180"');
    else if (/\bat\s+\$?\d/.test(text))
      return missing(
        'whether that price is a limit: write "limit 180" for a limit order, or leave the price out for a market order',
      );
    const marketOrder = /\bat (?:the )?market\b|\bmarket order\b/.test(message.text);
    let notional: number | undefined;
    let quantity: number | undefined;
    const money =
      take(text, /\$(\d+(?:\.\d+)?)/) ?? take(text, /\b(\d+(?:\.\d+)?)\s*(?:dollars|usd|bucks)\b/);
    if (money) notional = Number(money.match[1]);
    else {
      const amount = take(text, /(?:^|\s)(\d+(?:\.\d+)?)(?=\s|$)/);
      if (amount) quantity = Number(amount.match[1]);
    }
    if (
      notional === undefined &&
      /\b\d+(?:\.\d+)?\s*(?:k|thousand|million)\b/i.test(raw) &&
      !/\b(?:shares?|units?|coins?|contracts?)\b/i.test(raw)
    )
      return missing(
        `whether the amount is in units or dollars: write "$${quantity}" for dollars or "${quantity} shares"`,
      );
    if (notional === undefined && quantity === undefined)
      return /(?:^|\s)-\s*\$?\d/.test(text)
        ? {
            kind: "refused",
            why: 'An order\'s size is positive; its side says which way: "sell 5 SPY", not "buy -5 SPY".',
          }
        : missing('how much: a quantity ("10 shares") or an amount ("$5000")');
    const symbols = symbolsIn(raw.replace(/\bfor\s+(?:the\s+)?strategy\s+\S+/i, " "));
    if (symbols.length === 0) return missing('which symbol, e.g. "buy 10 shares of AAPL"');
    if (symbols.length > 1)
      return missing(`one symbol per order (I see ${symbols.join(", ")}); ask for each separately`);
    const symbol = symbols[0]!;
    const type = limitPrice !== undefined ? "limit" : marketOrder ? "market" : undefined;
    const input = defined({ symbol, side, quantity, notional, type, limitPrice, strategyId });
    const size = quantity !== undefined ? `${quantity} ${symbol}` : `$${notional} of ${symbol}`;
    const how = limitPrice !== undefined ? `with a limit at ${limitPrice}` : "at market";
    return planned(
      [call("propose_order", input)],
      `Propose to ${side} ${size} ${how}${strategyId ? ` for strategy ${strategyId.slice(0, 12)}` : ""}: the risk gate checks it, then it waits for a human's approval.`,
    );
  },
};

const orderStateWords: [RegExp, string[]][] = [
  // Open: approved and on its way or at the broker (waiting for approval is "pending").
  [
    /\bopen\b|\bworking\b|\blive orders\b/,
    ["approved", "submitting", "unknown", "submitted", "partially_filled"],
  ],
  [/\bpartially[ _-]filled\b|\bpartial(?:ly)? fills?\b/, ["partially_filled"]],
  [/(?<!partially[ _-])\bfilled\b/, ["filled"]],
  [/\bcancel(?:l)?ed\b/, ["cancelled"]],
  [/\brejected\b/, ["rejected"]],
  [/\bdeclined\b/, ["declined"]],
  [/\bexpired\b/, ["expired"]],
  [/\bproposed\b/, ["proposed"]],
  [/\bapproved\b/, ["approved"]],
  [/\bsubmitted\b/, ["submitted"]],
  [/\bsubmitting\b/, ["submitting"]],
  [/\bunknown\b|\bunclear\b/, ["unknown"]],
];

/** "My trades", "what trades did I make today": the account's filled orders, not a backtest's. */
export const accountTrades =
  /\b(?:my|our) (?:trades|trade history|trading history|fills)\b|\btrades? (?:did|have|has) (?:i|we)\b|\btrades? (?:i|we) (?:have )?(?:made|placed|did)\b|\bwhat (?:did|have) (?:i|we) (?:buy|bought|sell|sold|trade|traded)\b/;

/** "change my AAPL order to 20 shares", "raise the limit on my order": orders are not amended. */
export const amendOrder: Intent = {
  title: "a change to an order",
  tools: [],
  examples: ["cancel my AAPL order", "buy 20 AAPL limit 150"],
  matches: ({ text }) =>
    /\b(?:change|modify|amend|edit|replace|raise|lower|move|adjust|increase|decrease|reduce)\b.*\borders?\b/.test(
      text,
    ) && !/\bcancel\b|\bpropose\b|\bplace\b|\bwhat\b|\bshow\b|\blist\b/.test(text),
  plan: () => ({
    kind: "refused",
    why: 'An order is not changed once proposed: it is the order a person approves or approved. Cancel it ("cancel my AAPL order") and propose the one you want ("buy 20 AAPL limit 150"): the risk gate checks it and a person approves it again.',
  }),
};

export const orders: Intent = {
  title: "a list of orders",
  tools: ["list_orders"],
  examples: ["show my orders", "show filled orders since 2025-01-02"],
  matches: ({ text }) => /\borders?\b|\bfills\b/.test(text) || accountTrades.test(text),
  plan(message) {
    const { period, rest, problem } = extractPeriod(message.text, message.context.nowMs);
    if (problem) return missing(`the date: ${problem}`);
    const states = [
      ...new Set(orderStateWords.filter(([pattern]) => pattern.test(rest)).flatMap(([, s]) => s)),
    ];
    const limit = /\b(?:last|latest|recent|top|first)\s+(\d+)\b|\b(\d+)\s+(?:\w+\s+)?orders\b/.exec(
      rest,
    );
    // "What did I buy yesterday": a day said alone is where the list starts.
    const day = /\b(today|yesterday)\b/.exec(rest)?.[1];
    if (day && period.start === undefined && period.at === undefined) {
      if (message.context.nowMs === undefined)
        return missing(`the date: "${day}" needs today's date, which I was not given`);
      period.start = daysAgo(message.context.nowMs, day === "yesterday" ? 1 : 0, "days");
    }
    const since = period.start ?? period.at;
    const input = defined({
      states: states.length > 0 ? states : undefined,
      since: since === undefined ? undefined : startOfDayIso(since),
      limit: limit ? Number(limit[1] ?? limit[2]) : undefined,
    });
    return planned(
      [call("list_orders", input)],
      `List ${states.length > 0 ? `${states.join(" and ").replace(/_/g, " ")} ` : ""}orders${since ? ` since ${since}` : ""}.`,
    );
  },
};

export const positions: Intent = {
  title: "the account",
  tools: ["get_positions"],
  examples: ["what are my positions", "how much cash do I have"],
  matches: ({ text }) =>
    /\bpositions?\b|\bportfolio\b|\bholdings?\b|\bbuying power\b|\bmy (?:account|balance|equity|cash|exposure)\b|\bhow exposed am i\b|\baccount (?:balance|equity|value)\b|\bhow much (?:cash|money)\b|\bp&l\b|\bpnl\b|\bwhat do i (?:own|hold)\b|\bhow (?:many (?:shares|coins|contracts|units)|much [a-z]+\/[a-z]+)\b.*\bdo (?:i|we) (?:own|hold|have)\b|^how much (?:did|have) (?:i|we) (?:make|made|earn(?:ed)?|lose|lost)\b(?!.*\b(?:strateg\w*|backtests?|it|with)\b)|^what (?:did|have) (?:i|we) (?:make|made|earn(?:ed)?|lose|lost) today\b|^how (?:am i|are we) doing\b|\bmy (?:total |overall )?(?:profits?|losses|gains?|profit and loss)\b/.test(
      text,
    ),
  plan: () =>
    planned(
      [call("get_positions", {})],
      "Show the broker account: equity, cash, buying power and positions.",
    ),
};
