import { call, planned, type Intent } from "../intent.ts";
import { strategyLabel, strategyMeant } from "../strategy-names.ts";

/** "Catch up my strategies", "enter the positions my strategies missed": late entries too. */
const asksLateEntries =
  /\bcatch up (?:on )?(?:my|the) strategies\b|\b(?:enter|take|buy) (?:the )?(?:positions? |trades? |entries )?(?:that )?(?:my|the) strategies (?:missed|hold)\b|\bmy strategies' missed (?:positions|entries|trades)\b/;

/**
 * "Trade my strategies", "what orders do my strategies want?", "trade my rsi dip strategy": the
 * orders the paper and live strategies' rules call for at the next open, each for approval.
 */
const asksStrategyOrders =
  /^(?:please )?trade\b.*\bstrateg(?:y|ies)\b|^let (?:my|the) strateg(?:y|ies) trade\b|\bwhat (?:orders|trades) (?:do|would|will|should) (?:my|the) (?:\S+ ){0,3}strateg(?:y|ies) (?:want|make|place|need|send)\b|\b(?:propose|place|send|make) (?:today's |the |my )?(?:strategy orders|(?:orders|trades) (?:of|for|from) (?:my|the) strategies)\b|\bmy strategies' (?:orders|trades)\b|\bany (?:orders|trades) from (?:my|the) strategies\b/;

export const strategyOrders: Intent = {
  title: "the orders the strategies' rules call for",
  tools: ["propose_strategy_orders"],
  examples: ["trade my strategies", "what orders do my strategies want?"],
  matches: ({ text }) => {
    const asked = text.replace(/[?!.]+$/, "");
    return asksStrategyOrders.test(asked) || asksLateEntries.test(asked);
  },
  plan({ raw, text, context }) {
    const object = /\b(?:my|the) ((?:(?!\b(?:my|the)\b).)+?) strategy\b/.exec(text)?.[1];
    // "My strategies" are every trading one; a strategy named (or written as an id) is that one.
    const meant = /\bstrategies\b|\bstrategy orders\b/.test(text)
      ? undefined
      : strategyMeant(raw, object, context);
    if (meant && "kind" in meant) return meant;
    const late = asksLateEntries.test(text);
    const whose = meant
      ? `${meant.named ? strategyLabel(meant.named) : `strategy ${meant.id.slice(0, 12)}…`}'s rules call`
      : "each paper or live strategy's rules call";
    return planned(
      [
        call("propose_strategy_orders", {
          ...(meant ? { strategyId: meant.id } : {}),
          ...(late ? { enterLate: true } : {}),
        }),
      ],
      `Propose the orders ${whose} for at the next open${late ? ", the positions the account missed included" : ""}, each for your approval.`,
    );
  },
};
