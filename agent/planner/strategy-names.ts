import { missing, type Outcome, type PlanContext } from "./intent.ts";

/** Words that point at a strategy without naming one ("the last strategy", "my bot"). */
const pointingWords = new Set(
  "the a an my our this that it its last latest previous current same strategy strategies one 1 system bot model code program script it's".split(
    " ",
  ),
);

/**
 * Right after a comparison or an optimization, "the better one", "the best one" and "the winner"
 * point at its best.
 */
const comparisonWords = new Set("better best winner winning higher stronger".split(" "));

/** "Moving average" in a message names the kind a strategy's name writes as SMA, EMA ... */
const movingAverage = "ma";
const movingAverageKinds = new Set(["sma", "ema", "wma", "dema", "tema", movingAverage]);

const wordsOf = (text: string) =>
  text
    .toLowerCase()
    .replace(/\bexponential moving averages?\b/g, " ema ")
    .replace(/\b(?:simple )?moving averages?\b/g, ` ${movingAverage} `)
    .split(/[^a-z0-9]+/)
    .filter(Boolean);

/** Whether a name's words hold `word` ("ma" is held by any moving average's). */
const holds = (nameWords: ReadonlySet<string>, word: string) =>
  nameWords.has(word) ||
  (word === movingAverage && [...movingAverageKinds].some((kind) => nameWords.has(kind)));

/**
 * The words of `object` that name a strategy other than the conversation's; undefined when they
 * point at none or share a word with the conversation strategy's name.
 */
export function otherNameWords(
  object: string | undefined,
  context: PlanContext,
): string[] | undefined {
  if (object === undefined || /\b[0-9a-f]{64}\b/.test(object)) return undefined;
  const words = wordsOf(object).filter(
    (word) =>
      !pointingWords.has(word) &&
      !(
        (context.comparisonShownLast || context.lastOptimizationId !== undefined) &&
        comparisonWords.has(word)
      ),
  );
  if (words.length === 0) return undefined;
  const conversation = context.lastSpec?.name;
  if (typeof conversation === "string") {
    const nameWords = new Set(wordsOf(conversation));
    if (words.some((word) => holds(nameWords, word))) return undefined;
  }
  return words;
}

/**
 * The last word of a phrase that points at a strategy by its kind ("my rsi dip", "the sma
 * crossover"), as a regular-expression source.
 */
export const strategyKind =
  "(?:strateg(?:y|ies)|crossover|cross|dip|breakout|reversion|momentum|bot|system)";

/** A stored strategy a message named by words. */
export interface StrategyByName {
  id: string;
  name: string;
  /** Its newest stored backtest's id, or null when it was never backtested. */
  latestBacktestId: string | null;
}

/**
 * The strategy the words `object` name ("rsi dip" in "validate my rsi dip strategy"), when they
 * mean another than the conversation's: undefined when they point at none ("the last
 * strategy", "it") or share a word with the conversation strategy's name (then they mean it).
 * Another is the stored strategy whose name has every word, from `strategyNames`, which
 * is asked for first ("moving average" fits an SMA's or EMA's name); several names that fit (or
 * one name of several specs), or none, are asked about rather than guessed (`ifNoneFits` answers
 * instead when the words could mean something else).
 */
export function strategyNamed(
  object: string | undefined,
  context: PlanContext,
  ifNoneFits?: Outcome,
): StrategyByName | Outcome | undefined {
  const words = otherNameWords(object, context);
  if (words === undefined) return undefined;
  const said = object!.trim();
  const stored = context.strategyNames;
  if (stored === undefined) return missing(`which stored strategy "${said}" is`, "strategyNames");
  const fits = stored.filter((strategy) => {
    const nameWords = new Set(wordsOf(strategy.name));
    return words.every((word) => holds(nameWords, word));
  });
  const names = [...new Set(fits.map((strategy) => strategy.name))];
  const exact = names.filter((name) => wordsOf(name).join(" ") === words.join(" "));
  const chosen = names.length === 1 ? names[0] : exact.length === 1 ? exact[0] : undefined;
  const named = fits.filter((strategy) => strategy.name === chosen);
  if (named.length === 1) return named[0];
  // One name for different specs (other symbols, other costs): which one is not guessed.
  if (named.length > 1)
    return missing(
      `which strategy "${said}" is: ${named.length} stored strategies are named "${chosen}" (${named
        .slice(0, 5)
        .map((strategy) => strategy.id.slice(0, 12))
        .join(
          ", ",
        )}${named.length > 5 ? ", …" : ""}, newest first); say its id ("list my strategies" shows their latest backtests)`,
    );
  if (names.length === 0 && ifNoneFits) return ifNoneFits;
  if (names.length === 0)
    return missing(
      stored.length === 0
        ? `a strategy named "${said}": none is stored yet; backtest one first`
        : `a strategy named "${said}": no stored strategy's name has the words ${words.map((word) => `"${word}"`).join(", ")} ("list my strategies" shows them; "it" is the one this conversation ran)`,
    );
  const listed = names
    .slice(0, 5)
    .map((name) => `"${name}" (${fits.find((s) => s.name === name)!.id.slice(0, 12)})`);
  return missing(
    `which strategy "${said}" is: ${names.length} stored names fit, ${listed.join(", ")}${names.length > 5 ? ", …" : ""}; say its id`,
  );
}

/**
 * The strategy a message means: a 64-hex id written in it, else the stored one the words `object`
 * name (`strategyNamed`, with `named` set), else the conversation's; undefined when none is.
 */
export function strategyMeant(
  raw: string,
  object: string | undefined,
  context: PlanContext,
): { id: string; named?: StrategyByName } | Outcome | undefined {
  const written = /\b([0-9a-f]{64})\b/.exec(raw)?.[1];
  if (written) return { id: written };
  const named = strategyNamed(object, context);
  if (named !== undefined && "kind" in named) return named;
  if (named) return { id: named.id, named };
  return context.lastStrategyId === undefined ? undefined : { id: context.lastStrategyId };
}

/** "Strategy "RSI dip" (e0865d5da6db…)": how a plan's summary names a strategy found by name. */
export const strategyLabel = (strategy: StrategyByName) =>
  `strategy "${strategy.name}" (${strategy.id.slice(0, 12)}…)`;
