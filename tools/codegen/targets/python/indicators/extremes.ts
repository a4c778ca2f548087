import { pythonFunction } from "../library.ts";

/** Rolling extremes and bars since them (engine/indicators/extremes.ts). */
export const extremeFunctions = [
  pythonFunction(
    "rolling_extreme_into",
    [],
    String.raw`
def rolling_extreme_into(source, period, sign, begin, values, indexes):
    """TA-Lib's MAX/MIN/MAXINDEX/MININDEX walk: the extreme is kept while in the window, replaced
    by a newer value that equals or beats it, and rescanned from the oldest bar when it leaves.
    sign 1 tracks the maximum, -1 the minimum; writes from begin + period - 1."""
    length = len(source)
    extreme_index = -1
    extreme = 0.0
    today = begin + period - 1
    trailing = begin
    while today < length:
        value = source[today]
        if extreme_index < trailing:
            extreme_index = trailing
            extreme = source[trailing]
            for i in range(trailing + 1, today + 1):
                candidate = source[i]
                if sign * (candidate - extreme) > 0:
                    extreme_index = i
                    extreme = candidate
        elif sign * (value - extreme) >= 0:
            extreme_index = today
            extreme = value
        if values is not None:
            values[today] = extreme
        if indexes is not None:
            indexes[today] = extreme_index
        today += 1
        trailing += 1
`,
  ),
  pythonFunction(
    "rolling_min",
    ["rolling_extreme_into", "first_valid"],
    String.raw`
def rolling_min(source, period):
    """Lowest value of the last period bars (TA-Lib MIN)."""
    out = [NAN] * len(source)
    rolling_extreme_into(source, period, -1, first_valid(source), out, None)
    return out
`,
  ),
  pythonFunction(
    "rolling_max",
    ["rolling_extreme_into", "first_valid"],
    String.raw`
def rolling_max(source, period):
    """Highest value of the last period bars (TA-Lib MAX)."""
    out = [NAN] * len(source)
    rolling_extreme_into(source, period, 1, first_valid(source), out, None)
    return out
`,
  ),
  pythonFunction(
    "bars_since_extreme",
    ["rolling_extreme_into", "first_valid"],
    String.raw`
def bars_since_extreme(source, period, sign):
    """Bars since the extreme of the last period bars, 0 = this bar (from TA-Lib MAXINDEX / MININDEX)."""
    out = [NAN] * len(source)
    begin = first_valid(source)
    rolling_extreme_into(source, period, sign, begin, None, out)
    for i in range(begin + period - 1, len(out)):
        out[i] = float(i - out[i])
    return out
`,
  ),
  pythonFunction(
    "highest_bars",
    ["bars_since_extreme"],
    String.raw`
def highest_bars(source, period):
    """Bars since the highest value of the last period bars."""
    return bars_since_extreme(source, period, 1)
`,
  ),
  pythonFunction(
    "lowest_bars",
    ["bars_since_extreme"],
    String.raw`
def lowest_bars(source, period):
    """Bars since the lowest value of the last period bars."""
    return bars_since_extreme(source, period, -1)
`,
  ),
];
