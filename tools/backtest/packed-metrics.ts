import type { PerformanceMetrics } from "../../engine/metrics/performance.ts";

/** Every metric, in computePerformance's order; `satisfies` keeps the list whole as metrics change. */
const fields = Object.keys({
  startTimeMs: 0,
  endTimeMs: 0,
  years: 0,
  finalEquity: 0,
  totalReturn: 0,
  cagr: 0,
  volatility: 0,
  sharpe: 0,
  sortino: 0,
  calmar: 0,
  maxDrawdown: 0,
  maxDrawdownDurationDays: 0,
  trades: 0,
  winRate: 0,
  profitFactor: 0,
  expectancy: 0,
  exposure: 0,
  turnover: 0,
} satisfies Record<keyof PerformanceMetrics, 0>) as (keyof PerformanceMetrics)[];

/**
 * Metrics of many runs as two flat arrays, which a worker transfers instead of cloning an
 * object per run: each run's values in `fields` order, and 1 in `nulls` where a metric is null.
 * Float64Array keeps every value bit for bit (-0, NaN and infinities included).
 */
export interface PackedMetrics {
  values: Float64Array<ArrayBuffer>;
  nulls: Uint8Array<ArrayBuffer>;
}

export function packMetrics(metrics: readonly PerformanceMetrics[]): PackedMetrics {
  const values = new Float64Array(metrics.length * fields.length);
  const nulls = new Uint8Array(values.length);
  let i = 0;
  for (const run of metrics) {
    for (const field of fields) {
      const value = run[field];
      if (value === null) nulls[i] = 1;
      else values[i] = value;
      i++;
    }
  }
  return { values, nulls };
}

/** Writes the packed runs' metrics into `into`, the first at `offset`. */
export function unpackMetrics(
  packed: PackedMetrics,
  into: PerformanceMetrics[],
  offset: number,
): void {
  const { values, nulls } = packed;
  for (let k = offset, i = 0; i < values.length; k++) {
    const run: Record<string, number | null> = {};
    for (const field of fields) {
      run[field] = nulls[i] === 1 ? null : values[i]!;
      i++;
    }
    into[k] = run as unknown as PerformanceMetrics;
  }
}
