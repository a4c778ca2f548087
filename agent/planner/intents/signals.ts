import { call, missing, planned, type Intent } from "../intent.ts";
import { strategyLabel, strategyMeant } from "../strategy-names.ts";
import { symbolsIn } from "../symbols.ts";

/**
 * "What are the current signals?", "is it in a position now?", "should I buy now?": what the
 * conversation's strategy (or one named) says at the newest stored close; with neither, what
 * every strategy at paper or live says.
 */
const asksSignals =
  /\b(?:current|today's|latest|live|new|fresh) signals?\b|\bany (?:new )?signals?\b|\bis there an? (?:entry |exit |buy |sell )?signal\b|\bwhat (?:does|do|is) (?:it|the (?:strategy|rules?|system|model)|my (?:\S+ ){0,4}strategy) (?:say|saying|signal\w*)\b|^should (?:i|we) (?:buy|sell|enter|exit|get in|get out)(?: (?:now|today|tomorrow))?$|\bis (?:it|the strategy) (?:in a position|long|short|holding anything|invested|in the market)\b(?! only| or short| and short)|\bwhat (?:is|does) (?:it|the strategy) hold(?:ing)?\b|\bsignals? (?:for|of) (?:it|this|that|the|my)\b/;

/** "What do my strategies say?", "signals for all my strategies": every trading strategy's. */
const asksAllSignals =
  /\bwhat (?:do|are) (?:all )?(?:my|our|the) strategies (?:say|saying|signal\w*)\b|\b(?:my|our|the|all(?: my| our| the)?) strategies['’]? (?:current |latest |today's |new )?signals?\b|\bsignals? (?:for|of|from) (?:all |each of |every )?(?:my |our |the )?strategies\b/;

const allSignals = planned(
  [call("desk_signals", {})],
  "Read every strategy at paper or live at its newest stored close: what each does at the next open.",
);

export const deskSignals: Intent = {
  title: "every trading strategy's signals now",
  tools: ["desk_signals"],
  examples: ["what do my strategies say?", "signals for all my strategies"],
  matches: ({ text, raw }) =>
    asksAllSignals.test(text.replace(/[?!.]+$/, "")) && symbolsIn(raw).length === 0,
  plan: () => allSignals,
};

export const strategySignals: Intent = {
  title: "a strategy's signals now",
  tools: ["strategy_signals"],
  examples: ["what are the current signals?", "is it in a position now?"],
  matches: ({ text, raw }) =>
    asksSignals.test(text.replace(/[?!.]+$/, "")) && symbolsIn(raw).length === 0,
  plan({ raw, text, context }) {
    const meant = strategyMeant(
      raw,
      /\b(?:my|the|of|for|on) (.+?) strateg(?:y|ies)\b/.exec(text)?.[1],
      context,
    );
    if (meant && "kind" in meant) return meant;
    const named = meant?.named;
    const strategyId = meant?.id;
    // "Is it in a position?" points at one strategy, which the conversation has not shown.
    if (!strategyId && /\b(?:it|its|(?:the|this|that) strategy)\b/.test(text))
      return missing(
        'which strategy: none was run in this conversation; name it ("what does my rsi dip strategy say?") or give its id',
      );
    // No strategy pointed at: every trading strategy's signals.
    if (!strategyId) return allSignals;
    return planned(
      [call("strategy_signals", { strategyId })],
      `Read ${named ? strategyLabel(named) : `strategy ${strategyId.slice(0, 12)}…`} at the newest stored close: its position and what it does at the next open.`,
    );
  },
};
