import { pythonFunction } from "../library.ts";

/** TA-Lib's zero tests and warm-up helpers (engine/indicators/support.ts), and JavaScript's division. */
export const supportFunctions = [
  pythonFunction(
    "first_valid",
    [],
    String.raw`
def first_valid(values):
    """Index of the first defined value: a source may begin with another indicator's warm-up."""
    index = 0
    while index < len(values) and values[index] != values[index]:
        index += 1
    return index
`,
  ),
  pythonFunction(
    "is_zero",
    [],
    String.raw`
def is_zero(value):
    """TA-Lib's TA_IS_ZERO: within 1e-14 of zero."""
    return -1e-14 < value < 1e-14
`,
  ),
  pythonFunction(
    "is_zero_or_negative",
    [],
    String.raw`
def is_zero_or_negative(value):
    """TA-Lib's TA_IS_ZERO_OR_NEG."""
    return value < 1e-14
`,
  ),
  pythonFunction(
    "divide",
    [],
    String.raw`
def divide(a, b):
    """a / b as IEEE 754 (and JavaScript) define it: +-inf or NaN where b is 0, where Python would raise."""
    if b != 0:
        return a / b
    if a != a or a == 0:
        return NAN
    return INF if (a > 0) == (math.copysign(1.0, b) > 0) else -INF
`,
  ),
];
