import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkPine } from "./pine-checker.ts";

/** A small strategy that passes; each case below breaks one line of it or adds one. */
const valid = [
  "//@version=6",
  'strategy("Test", overlay = true, max_bars_back = 20)',
  "length = 20",
  "average(float source, int period) =>",
  "    var float total = 0.0",
  "    total += source - nz(source[period])",
  "    total / period",
  "float mean = average(close, length)",
  "if close > mean and not na(mean)",
  '    strategy.entry("Entry", strategy.long, qty = 1)',
  "else",
  '    strategy.close("Entry", comment = "below")',
];

/** The script with line `line` (1-based) replaced by `text` (several lines allowed), or added at the end. */
function edited(line: number, text: string): string {
  const lines = [...valid];
  lines.splice(line - 1, line <= lines.length ? 1 : 0, ...text.split("\n"));
  return lines.join("\n");
}

const end = valid.length + 1;

describe("checkPine", () => {
  it("passes a well-formed strategy and the generator's golden files", () => {
    expect(checkPine(valid.join("\n"))).toEqual([]);
    for (const file of ["sma-crossover.pine", "short-breakdown.pine"]) {
      const code = readFileSync(new URL(`../golden/${file}`, import.meta.url), "utf8");
      expect(checkPine(code), file).toEqual([]);
    }
  });

  const broken: [string, string, number, string][] = [
    [
      "no version directive",
      edited(1, "// a strategy"),
      1,
      "the first line must be the version directive //@version=6",
    ],
    ["another version", edited(1, "//@version=5"), 1, "the script declares @version=5"],
    ["no declaration", edited(2, "// none"), 1, "no strategy() declaration"],
    ["two declarations", edited(end, 'strategy("Again")'), end, "a second strategy() declaration"],
    [
      "an indicator",
      edited(end, 'indicator("Other")'),
      end,
      "indicator() declares another kind of script",
    ],
    [
      "an unclosed bracket",
      edited(8, "float mean = average(close, length"),
      8,
      '"(" is never closed',
    ],
    ["a closing bracket too many", edited(3, "length = 20)"), 3, 'unmatched closing bracket ")"'],
    ["crossed brackets", edited(3, "length = close[1)"), 3, '")" closes "[" opened on line 3'],
    [
      "an unclosed string",
      edited(10, '    strategy.entry("Entry, strategy.long, qty = 1)'),
      10,
      'string starting with " is never closed',
    ],
    [
      "a statement indented 2 spaces",
      edited(end, "x = 1\n  y = 2"),
      end + 1,
      'unexpected "y" after the end of the statement',
    ],
    [
      "a block indented two levels",
      edited(10, '        strategy.entry("Entry", strategy.long, qty = 1)'),
      10,
      "indented 2 levels",
    ],
    [
      "tabs mixed with spaces",
      edited(10, '\t    strategy.entry("Entry", strategy.long, qty = 1)'),
      10,
      "mixes tabs and spaces",
    ],
    [
      "an if without a block",
      edited(end, "if close > open"),
      end,
      "if has no indented block under it",
    ],
    ["an unknown name", edited(end, "x = foo + 1"), end, "foo is not declared before this line"],
    [
      "a name used before its declaration",
      edited(3, "length = later + 1\nlater = 2"),
      3,
      "later is not declared before this line",
    ],
    [
      "an unknown built-in",
      edited(end, "x = math.maxx(1, 2)"),
      end,
      "math.maxx is not a function defined before this line nor a Pine built-in",
    ],
    [
      "an unknown namespace member",
      edited(end, "x = syminfo.tickr"),
      end,
      "syminfo.tickr is not a Pine built-in",
    ],
    ["a comparison with na", edited(end, "x = close == na"), end, "== with na never holds"],
    [
      "a function inside a block",
      edited(end, "if true\n    g(x) =>\n        x"),
      end + 1,
      "function g is defined inside a block",
    ],
    [
      "two parameters of one name",
      edited(4, "average(float source, int source) =>"),
      4,
      "two parameters named source",
    ],
    [
      "a call with too few arguments",
      edited(8, "float mean = average(close)"),
      8,
      "average takes 2 arguments (given 1)",
    ],
    [
      "a function called before its definition",
      edited(3, "length = twice(10)\ntwice(x) =>\n    2 * x"),
      3,
      "twice is not a function defined before this line",
    ],
    [
      "a stateful function called on some bars",
      edited(end, "if close > open\n    y = average(open, 5)"),
      end + 1,
      "average keeps state (var or history) but is called only on some bars",
    ],
    [
      "a stateful function in a ternary branch",
      edited(end, "y = close > open ? average(open, 5) : 0.0"),
      end,
      "average keeps state",
    ],
    [
      "a variable declared twice",
      edited(end, "length = 30"),
      end,
      "length is already declared on line 3: assign it with :=",
    ],
    [
      "a reassignment of an undeclared name",
      edited(end, "missing := 1"),
      end,
      "missing is assigned with := but never declared",
    ],
    [
      "a function assigning a global",
      edited(6, "    length := 5"),
      6,
      "a function cannot assign the global variable length",
    ],
    [
      "a variable shadowing another",
      edited(10, "    mean = 1.0"),
      10,
      "mean shadows the variable declared on line 8",
    ],
    [
      "a variable named like a built-in",
      edited(end, "close = 1.0"),
      end,
      "close is a Pine built-in",
    ],
    [
      "a variable named like a namespace",
      edited(end, 'order = "x"'),
      end,
      "order is a Pine built-in",
    ],
    [
      "a parameter named like a namespace",
      edited(4, "average(float text, int period) =>"),
      4,
      "parameter text of average is a Pine built-in",
    ],
    [
      "history beyond Pine's limit",
      edited(end, "x = close[6000]"),
      end,
      "history reference [6000] is beyond Pine's 5000 bars",
    ],
    [
      "max_bars_back beyond Pine's limit",
      edited(2, 'strategy("Test", max_bars_back = 6000)'),
      2,
      "max_bars_back 6000 is above Pine's 5000",
    ],
    [
      "a misspelled named argument",
      edited(10, '    strategy.entry("Entry", strategy.long, qtty = 1)'),
      10,
      "strategy.entry has no parameter qtty",
    ],
    [
      "a function that ends with a declaration",
      edited(7, "    float result = total / period"),
      7,
      "function average must end with the expression it returns",
    ],
  ];

  it.each(broken)("finds %s, on its line", (_, source, line, message) => {
    const problems = checkPine(source);
    expect(problems).toContainEqual({ line, message: expect.stringContaining(message) });
  });

  it("reports every problem of a script, each on its line, in line order", () => {
    const source = edited(end, "x = foo\ny = close == na\nz = bar");
    expect(checkPine(source)).toEqual([
      { line: end, message: expect.stringContaining("foo is not declared") },
      { line: end + 1, message: expect.stringContaining("== with na never holds") },
      { line: end + 2, message: expect.stringContaining("bar is not declared") },
    ]);
  });

  it("reads wrapped lines: inside brackets at any indentation, outside at a non-multiple of four", () => {
    const source = edited(
      8,
      "float mean = average(\n    close,\n        length)\nfloat wide = mean +\n  1.0",
    );
    expect(checkPine(source)).toEqual([]);
  });
});
