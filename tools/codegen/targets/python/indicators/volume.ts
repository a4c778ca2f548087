import { pythonFunction } from "../library.ts";

/** OBV and VWAP (engine/indicators/volume.ts). */
export const volumeFunctions = [
  pythonFunction(
    "obv",
    [],
    String.raw`
def obv(bars):
    """On-balance volume (Granville; TA-Lib OBV): starts at the first bar's volume."""
    close, volume = bars.close, bars.volume
    out = [NAN] * len(close)
    if not close:
        return out
    total = volume[0]
    previous = close[0]
    for i, price in enumerate(close):
        if price > previous:
            total += volume[i]
        elif price < previous:
            total -= volume[i]
        out[i] = total
        previous = price
    return out
`,
  ),
  pythonFunction(
    "vwap",
    [],
    String.raw`
def vwap(bars, period):
    """Volume-weighted average of the typical price: cumulative when period is 0, else over the
    last period bars; NaN while the volume summed is 0."""
    high, low, close, volume = bars.high, bars.low, bars.close, bars.volume
    out = [NAN] * len(close)
    weighted = 0.0
    total = 0.0
    for i in range(len(close)):
        weighted += ((high[i] + low[i] + close[i]) / 3) * volume[i]
        total += volume[i]
        if period != 0 and i >= period:
            old = i - period
            weighted -= ((high[old] + low[old] + close[old]) / 3) * volume[old]
            total -= volume[old]
        if (period == 0 or i >= period - 1) and total > 0:
            out[i] = weighted / total
    return out
`,
  ),
];
