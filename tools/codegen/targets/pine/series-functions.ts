import { pineFunction, type PineFunction } from "./library.ts";

/**
 * Arithmetic that can be undefined, the engine's three-valued rules (engine/strategy/rules.ts)
 * and its volatility-target sizing (engine/strategy/compile.ts), in Pine. Rules are ints:
 * RULE_FALSE, RULE_TRUE, or RULE_UNKNOWN while an input is undefined (warm-up); UNKNOWN never
 * fires a signal and `not` keeps it UNKNOWN. (Pine's bools cannot be na, so they cannot say it.)
 */
export const seriesFunctions: readonly PineFunction[] = [
  pineFunction(
    "divide",
    [],
    `
// a / b, undefined (not infinite) where b is 0, so it cannot trigger a comparison.
divide(float a, float b) =>
    not na(b) and b == 0 ? na : a / b
`,
  ),
  pineFunction(
    "smaller",
    [],
    `
// The smaller of a and b; undefined when either is.
smaller(float a, float b) =>
    na(a) or na(b) ? na : math.min(a, b)
`,
  ),
  pineFunction(
    "larger",
    [],
    `
// The larger of a and b; undefined when either is.
larger(float a, float b) =>
    na(a) or na(b) ? na : math.max(a, b)
`,
  ),
  pineFunction(
    "ruleGreater",
    [],
    `
// a > b; UNKNOWN where either is undefined.
ruleGreater(float a, float b) =>
    na(a) or na(b) ? RULE_UNKNOWN : a > b ? RULE_TRUE : RULE_FALSE
`,
  ),
  pineFunction(
    "ruleGreaterOrEqual",
    [],
    `
// a >= b; UNKNOWN where either is undefined.
ruleGreaterOrEqual(float a, float b) =>
    na(a) or na(b) ? RULE_UNKNOWN : a >= b ? RULE_TRUE : RULE_FALSE
`,
  ),
  pineFunction(
    "ruleCrossAbove",
    [],
    `
// a crosses above b on this bar: a - b > 0 now and <= 0 on the bar before, both defined on both bars.
ruleCrossAbove(float a, float b) =>
    float now = a - b
    float before = a[1] - b[1]
    na(now) or na(before) ? RULE_UNKNOWN : now > 0 and before <= 0 ? RULE_TRUE : RULE_FALSE
`,
  ),
  pineFunction(
    "ruleAnd",
    [],
    `
// Kleene and: FALSE wins, then UNKNOWN.
ruleAnd(int a, int b) =>
    a == RULE_FALSE or b == RULE_FALSE ? RULE_FALSE : a == RULE_UNKNOWN or b == RULE_UNKNOWN ? RULE_UNKNOWN : RULE_TRUE
`,
  ),
  pineFunction(
    "ruleOr",
    [],
    `
// Kleene or: TRUE wins, then UNKNOWN.
ruleOr(int a, int b) =>
    a == RULE_TRUE or b == RULE_TRUE ? RULE_TRUE : a == RULE_UNKNOWN or b == RULE_UNKNOWN ? RULE_UNKNOWN : RULE_FALSE
`,
  ),
  pineFunction(
    "ruleNot",
    [],
    `
// Kleene not: UNKNOWN stays UNKNOWN.
ruleNot(int a) =>
    a == RULE_UNKNOWN ? RULE_UNKNOWN : a == RULE_TRUE ? RULE_FALSE : RULE_TRUE
`,
  ),
  pineFunction(
    "ruleOnlyWhere",
    [],
    `
// A filter: the entry rule where the filter is TRUE, else FALSE (UNKNOWN blocks too).
ruleOnlyWhere(int rule, int allowed) =>
    allowed == RULE_TRUE ? rule : RULE_FALSE
`,
  ),
  pineFunction(
    "volatilityTargetFraction",
    [],
    `
// Fraction of equity that targets an annual volatility: target / realized, at most maxFraction.
// Realized volatility is the sample standard deviation of the last \`lookback\` log returns of the
// close, annualized by sqrt(barsPerYear), from running sums as the backtest keeps them.
volatilityTargetFraction(float annualPercent, int lookback, float maxFraction, int barsPerYear) =>
    var float total = 0.0
    var float squares = 0.0
    float fraction = na
    if bar_index >= 1
        float change = math.log(close / close[1])
        total += change
        squares += change * change
        if bar_index > lookback
            float old = math.log(close[lookback] / close[lookback + 1])
            total -= old
            squares -= old * old
        if bar_index >= lookback
            float variance = math.max(0, (squares - total * total / lookback) / (lookback - 1))
            float realized = math.sqrt(variance) * math.sqrt(barsPerYear)
            fraction := realized > 0 ? math.min(maxFraction, annualPercent / 100 / realized) : maxFraction
    fraction
`,
  ),
];
