import { extrasIn, parseStrategy, type Json } from "./strategy.ts";
import { blank } from "./text.ts";

/**
 * Changes to a strategy from words, as backtest_strategy's `changes` take them: "add a 5% stop
 * loss", "make it short", "remove the take profit", "with 10 bps slippage", "try a 10/30
 * crossover instead" (new rules replace the entry, exit, side and filters; stops stay).
 * Symbols are not read here: the intent reads them as for any strategy.
 */
export type ChangesParse =
  | { ok: true; changes: Record<string, Json>; initialCash?: number; rules?: string }
  | { ok: false; problem: string };

const removed: [RegExp, Record<string, Json>][] = [
  [/trailing[- ]stop(?:[- ]loss)?/, { trailingStop: null }],
  [/time[- ](?:exit|stop)/, { timeExit: null }],
  [/stop[- ]loss(?:es)?|stops?/, { stopLoss: null }],
  [/take[- ]profits?|profit[- ]target|targets?/, { takeProfit: null }],
  [/exit rule|exit signal/, { exit: null }],
  [/filters?/, { filters: [] }],
  [/fees|commissions?/, { costs: { feeBps: 0 } }],
  [/slippage/, { costs: { slippageBps: 0 } }],
  [/costs/, { costs: { feeBps: 0, slippageBps: 0 } }],
];

const removal = new RegExp(
  String.raw`\b(?:remove|drop|without|no|delete|take (?:off|away|out)|get rid of|ditch|disable|lose)\s+(?:the\s+|a\s+|any\s+|its\s+|my\s+)?(?:\d+(?:\.\d+)?\s*%\s*)?(${removed.map(([pattern]) => pattern.source).join("|")})\b`,
  "g",
);

const sideSwitch =
  /\b(?:make it|go|flip(?: it)?(?: to)?|switch(?: it)?(?: to)?|trade it|run it|try it|test it|turn it)\s+(short|long)\b|\b(short|long) it\b|\b(short|long)(?:[- ]only| side| instead)\b/;

/** The changes a message asks for, or undefined when it asks for none. */
export function changesIn(text: string): ChangesParse | undefined {
  let rest = text;
  const changes: Record<string, Json> = {};
  const merge = (fields: Record<string, Json>) => {
    for (const [key, value] of Object.entries(fields))
      changes[key] =
        key === "costs" && typeof changes.costs === "object"
          ? { ...(changes.costs as object), ...(value as object) }
          : value;
  };
  for (const match of text.matchAll(removal)) {
    merge(removed.find(([pattern]) => new RegExp(`^(?:${pattern.source})$`).test(match[1]!))![1]);
    rest = blank(rest, match.index, match.index + match[0].length);
  }
  const side = sideSwitch.exec(rest);
  if (side) rest = blank(rest, side.index, side.index + side[0].length);

  const rules = parseStrategy(rest, { allowParams: false });
  if (rules && !rules.ok) return rules;
  let initialCash: number | undefined;
  let label: string | undefined;
  if (rules) {
    const { side: ruleSide, exit, filters, ...spec } = rules.spec;
    merge({ ...spec, side: ruleSide ?? "long", exit: exit ?? null, filters: filters ?? [] });
    initialCash = rules.initialCash;
    label = rules.label;
  } else {
    const extras = extrasIn(rest);
    if (extras.problem !== undefined) return { ok: false, problem: extras.problem };
    merge(extras.fields);
    initialCash = extras.initialCash;
  }
  if (side) changes.side = (side[1] ?? side[2] ?? side[3])!;
  if (Object.keys(changes).length === 0 && initialCash === undefined) return undefined;
  return {
    ok: true,
    changes,
    ...(initialCash === undefined ? {} : { initialCash }),
    ...(label === undefined ? {} : { rules: label }),
  };
}
