import {
  call,
  missing,
  planned,
  type Intent,
  type Message,
  type Outcome,
  type PlannedCall,
} from "../intent.ts";
import { strategyNamed } from "../strategy-names.ts";

/** "delete that strategy", "archive it", "get rid of the rsi dip strategy". */
const archiveVerb =
  /^(?:delete|remove|archive|hide|trash|discard|drop|unlist|get rid of|throw away|throw out)\s+(.+?)[.!?]*$/;
/** "restore it", "unarchive strategy <id>", "bring back the last strategy". */
const restoreVerb =
  /^(?:restore|unarchive|un-archive|undelete|unhide|bring back|recover)\s+(.+?)[.!?]*$/;
/** The conversation's strategy: "it", "that one", "the last strategy". */
const pointing =
  /^(?:it|this|that|(?:this|that|the) (?:one|strategy)|the (?:last|latest|previous|current) (?:one|strategy))$/;
/** A strategy named by its words: "the rsi dip strategy", "my kite pairs strategy". */
const namedStrategy = /^(?:(?:the|my|our|that|this) )?[a-z0-9][a-z0-9/ .&'()-]* strategy$/;

/**
 * The stored strategy `object` means: an id written, the conversation's ("it", "that strategy"),
 * or one whose name has the words ("the rsi dip strategy"); undefined when the object is not a
 * strategy ("remove the stop loss").
 */
function strategyIn(message: Message, object: string): string | Outcome | undefined {
  const written = /\b([0-9a-f]{64})\b/.exec(message.raw)?.[1];
  if (written) return written;
  if (pointing.test(object))
    return (
      message.context.lastStrategyId ??
      missing(
        'which strategy: none was run in this conversation; give its id ("list my strategies" shows them)',
      )
    );
  if (!namedStrategy.test(object) || /\b(?:from|of|in|on|to)\b/.test(object)) return undefined;
  const named = strategyNamed(object, message.context);
  if (named === undefined) return message.context.lastStrategyId;
  return "kind" in named ? named : named.id;
}

const isOutcome = (value: string | Outcome): value is Outcome => typeof value !== "string";

const update = (strategyId: string, change: Record<string, unknown>): PlannedCall =>
  call("update_strategy", { strategyId, ...change });

/**
 * "Delete that strategy", "archive it": nothing is erased (backtests, validations and programs
 * point at a strategy); it leaves the listings until restored or used again.
 */
export const archiveStrategy: Intent = {
  title: "archiving a strategy",
  tools: ["update_strategy"],
  examples: ["delete that strategy", "archive it", "restore it"],
  matches: (message) => {
    const object = (archiveVerb.exec(message.text) ?? restoreVerb.exec(message.text))?.[1];
    if (object === undefined) return false;
    return (
      /\ball\b.*\bstrategies\b|\bstrategies\b/.test(object) ||
      strategyIn(message, object) !== undefined
    );
  },
  plan(message) {
    const restoring = restoreVerb.exec(message.text);
    const object = (restoring ?? archiveVerb.exec(message.text))![1]!;
    if (/\bstrategies\b/.test(object))
      return {
        kind: "refused",
        why: 'I archive one strategy at a time, so that none goes by mistake: "archive it", or "archive strategy <id>" for each ("list my strategies" shows their ids).',
      };
    const found = strategyIn(message, object)!;
    // Archived strategies are not among the names looked up: one is restored by its id.
    if (isOutcome(found))
      return restoring
        ? missing(
            `which archived strategy "${object}" is: say its id ("show my archived strategies" lists them)`,
          )
        : found;
    const short = `${found.slice(0, 12)}…`;
    return restoring
      ? planned([update(found, { archived: false })], `Restore strategy ${short} to the listings.`)
      : planned(
          [update(found, { archived: true })],
          `Archive strategy ${short}: out of the listings, its backtests and programs kept.`,
        );
  },
};

/** "rename it to Dip buyer", "call it Kite pairs", "rename the rsi dip strategy to Dips". */
const renaming =
  /^(?:please\s+)?(?:rename|re-name|retitle|call|name)\s+(.+?)\s+(?:to|as)\s+(.+?)[.!?]*$|^(?:please\s+)?(?:call|name)\s+(this strategy|that strategy|this one|that one|it|this|that)\s+(.+?)[.!?]*$/i;

export const renameStrategy: Intent = {
  title: "renaming a strategy",
  tools: ["update_strategy"],
  examples: ["rename it to Dip buyer", "call it Kite pairs"],
  matches: (message) => {
    const found = renaming.exec(message.raw);
    const object = (found?.[1] ?? found?.[3])?.toLowerCase();
    return object !== undefined && strategyIn(message, object) !== undefined;
  },
  plan(message) {
    const found = renaming.exec(message.raw)!;
    const object = (found[1] ?? found[3])!.toLowerCase();
    const name = (found[2] ?? found[4])!.trim().replace(/^["'“‘](.*)["'”’]$/, "$1");
    const strategy = strategyIn(message, object)!;
    if (isOutcome(strategy)) return strategy;
    return planned(
      [update(strategy, { name })],
      `Rename strategy ${strategy.slice(0, 12)}… to "${name}".`,
    );
  },
};

/** "show my archived strategies". */
export const archivedStrategies: Intent = {
  title: "the archived strategies",
  tools: ["list_strategies"],
  examples: ["show my archived strategies"],
  matches: ({ text }) =>
    /^(?:(?:show|list|see|view)(?: me)?(?: the| my| all)* )?archived strateg(?:y|ies)\b|\b(?:which|what) strategies (?:are|did i|have i)\b.*\barchived?\b/.test(
      text,
    ),
  plan: () =>
    planned([call("list_strategies", { archived: true })], "List the archived strategies."),
};

/**
 * "Stop trading it", "stop paper trading the rsi dip strategy", "take it off paper", "retire
 * this strategy", "move it back to backtest": one strategy back to the backtest stage, where no
 * order is proposed for it. Not the kill switch, which halts every strategy and cancels every
 * order.
 */
const stopsStrategy =
  /^(?:stop|quit|cease|end) (?:paper[- ]|live )?trading (?!all\b|everything\b|now\b)(.+?)[.!?]*$|^(?:retire|undeploy|un-deploy) (.+?)[.!?]*$|^(?:take|pull) (.+?) (?:off|out of|from) (?:paper(?: trading)?|live(?: trading)?|trading)[.!?]*$|^(?:move|put|send|take) (.+?) back to (?:the )?backtest(?:ing)?(?: stage)?[.!?]*$|^(?:stop|pause|suspend|deactivate|disable) ((?:the|this|that|my|our|all(?: of)?(?: my| our| the)?) (?:[a-z0-9][\w/ .&'()-]* )?strateg(?:y|ies))[.!?]*$/;
/** "Stop paper trading", "pause live trading": a stage stopped, without saying which strategy. */
const stopsStage = /^(?:stop|quit|cease|end|pause|suspend) (?:paper[- ]|live )trading[.!?]*$/;

const stoppedObject = (text: string) => {
  const match = stopsStrategy.exec(text);
  return match?.slice(1).find((group) => group !== undefined);
};

const oneAtATime =
  'I take one strategy off trading at a time: "stop trading it", "take the rsi dip strategy off paper" ("what do my strategies say?" lists those trading). "Stop all trading" pulls the kill switch, which halts every strategy and cancels every open order.';

export const stopStrategy: Intent = {
  title: "taking a strategy off trading",
  tools: ["promote_strategy"],
  examples: ["stop trading it", "take the rsi dip strategy off paper", "retire this strategy"],
  matches: (message) => {
    if (stopsStage.test(message.text)) return true;
    const object = stoppedObject(message.text);
    return (
      object !== undefined &&
      (/\bstrategies\b/.test(object) || strategyIn(message, object) !== undefined)
    );
  },
  plan(message) {
    const object = stoppedObject(message.text);
    if (object === undefined || /\bstrategies\b/.test(object))
      return { kind: "refused", why: oneAtATime };
    const found = strategyIn(message, object)!;
    if (isOutcome(found)) return found;
    return planned(
      [call("promote_strategy", { strategyId: found, to: "backtest" })],
      `Move strategy ${found.slice(0, 12)}… back to the backtest stage: no order is proposed for it from then on (positions it holds stay until closed).`,
    );
  },
};
