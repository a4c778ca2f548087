/** Which correlation statistic moved. */
export const RegimeMetric = {
  averageCorrelation: "averageCorrelation",
  firstEigenShare: "firstEigenShare",
} as const;
export type RegimeMetric = keyof typeof RegimeMetric;

export interface RegimeRule {
  /** Bars of the metric averaged into the baseline. */
  baselineBars: number;
  /**
   * The baseline ends this many bars before the bar tested (at least 1). Set to the correlation
   * window, so the baseline's windows share no return with the tested one and a shift is not
   * diluted by itself.
   */
  gapBars: number;
  /** |value − baseline| at or above this raises an event. */
  threshold: number;
}

export interface RegimeEvent {
  /** Index into the metric series. */
  bar: number;
  metric: RegimeMetric;
  direction: "rise" | "fall";
  value: number;
  baseline: number;
  shift: number;
}

/**
 * Regime changes of one metric series (NaN during warm-up). Rule: at bar t the baseline is the
 * mean of the metric over the `baselineBars` bars ending at t − `gapBars`; an event fires
 * when |metric(t) − baseline| ≥ `threshold`. One event per excursion: after firing, the rule
 * re-arms only once the shift is back within half the threshold (hysteresis, so a metric
 * hovering at the line does not fire every bar) or crosses to the other side.
 */
export function detectRegimeShifts(
  values: Float64Array,
  metric: RegimeMetric,
  rule: RegimeRule,
): RegimeEvent[] {
  const { baselineBars, gapBars, threshold } = rule;
  if (!Number.isInteger(baselineBars) || baselineBars < 1)
    throw new RangeError(`baselineBars must be a positive integer (was ${baselineBars})`);
  if (!Number.isInteger(gapBars) || gapBars < 1)
    throw new RangeError(`gapBars must be a positive integer (was ${gapBars})`);
  if (!(threshold > 0)) throw new RangeError(`threshold must be positive (was ${threshold})`);
  const events: RegimeEvent[] = [];
  let armed: "rise" | "fall" | "both" = "both";
  // Running sum and count of finite values in the baseline window [t-gap-baseline+1, t-gap].
  let sum = 0;
  let finite = 0;
  for (let t = 0; t < values.length; t++) {
    const entering = t - gapBars;
    const leaving = entering - baselineBars;
    if (entering >= 0 && Number.isFinite(values[entering]!)) {
      sum += values[entering]!;
      finite++;
    }
    if (leaving >= 0 && Number.isFinite(values[leaving]!)) {
      sum -= values[leaving]!;
      finite--;
    }
    const value = values[t]!;
    if (finite < baselineBars || !Number.isFinite(value)) continue;
    const baseline = sum / finite;
    const shift = value - baseline;
    const direction = shift >= 0 ? "rise" : "fall";
    if (Math.abs(shift) >= threshold && (armed === "both" || armed === direction)) {
      events.push({ bar: t, metric, direction, value, baseline, shift });
      armed = direction === "rise" ? "fall" : "rise";
    } else if (Math.abs(shift) < threshold / 2) {
      armed = "both";
    }
  }
  return events;
}
