import { pythonFunction } from "../library.ts";

/** Moving averages (engine/indicators/moving-averages.ts). */
export const movingAverageFunctions = [
  pythonFunction(
    "sma_into",
    [],
    String.raw`
def sma_into(source, period, out, begin):
    """SMA of source[begin:] written to out[begin + period - 1:] (TA-Lib's running sum)."""
    length = len(source)
    if begin + period > length:
        return
    total = 0.0
    i = begin
    first_output = begin + period - 1
    while i < first_output:
        total += source[i]
        i += 1
    trailing = begin
    while i < length:
        total += source[i]
        value = total
        total -= source[trailing]
        trailing += 1
        out[i] = value / period
        i += 1
`,
  ),
  pythonFunction(
    "sma",
    ["sma_into", "first_valid"],
    String.raw`
def sma(source, period):
    """Simple moving average (TA-Lib SMA); first value at index period - 1."""
    out = [NAN] * len(source)
    sma_into(source, period, out, first_valid(source))
    return out
`,
  ),
  pythonFunction(
    "ema",
    ["first_valid"],
    String.raw`
def ema(source, period):
    """Exponential moving average (TA-Lib EMA): seeded with the SMA of the first period values, k = 2 / (period + 1)."""
    length = len(source)
    out = [NAN] * length
    first_output = first_valid(source) + period - 1
    if first_output >= length:
        return out
    k = 2 / (period + 1)
    total = 0.0
    for i in range(first_output - period + 1, first_output + 1):
        total += source[i]
    previous = total / period
    out[first_output] = previous
    for i in range(first_output + 1, length):
        previous = (source[i] - previous) * k + previous
        out[i] = previous
    return out
`,
  ),
  pythonFunction(
    "wma",
    ["first_valid"],
    String.raw`
def wma(source, period):
    """Weighted moving average (TA-Lib WMA): weights 1..period, newest heaviest."""
    length = len(source)
    out = [NAN] * length
    begin = first_valid(source)
    if begin + period > length:
        return out
    divider = (period * (period + 1)) / 2
    period_sum = 0.0
    period_sub = 0.0
    i = begin
    first_output = begin + period - 1
    weight = 1
    while i < first_output:
        value = source[i]
        i += 1
        period_sub += value
        period_sum += value * weight
        weight += 1
    trailing = begin
    trailing_value = 0.0
    while i < length:
        value = source[i]
        period_sub += value
        period_sub -= trailing_value
        period_sum += value * period
        trailing_value = source[trailing]
        trailing += 1
        out[i] = period_sum / divider
        period_sum -= period_sub
        i += 1
    return out
`,
  ),
  pythonFunction(
    "dema",
    ["ema"],
    String.raw`
def dema(source, period):
    """Double EMA (TA-Lib DEMA): 2 EMA - EMA(EMA); first value at 2 (period - 1)."""
    first = ema(source, period)
    second = ema(first, period)
    return [2 * a - b for a, b in zip(first, second)]
`,
  ),
  pythonFunction(
    "tema",
    ["ema"],
    String.raw`
def tema(source, period):
    """Triple EMA (TA-Lib TEMA): 3 EMA - 3 EMA(EMA) + EMA(EMA(EMA)); first value at 3 (period - 1)."""
    first = ema(source, period)
    second = ema(first, period)
    third = ema(second, period)
    return [3 * a - 3 * b + c for a, b, c in zip(first, second, third)]
`,
  ),
];
