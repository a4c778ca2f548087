/** One point of a line: a UTC instant and its value. */
export interface ChartPoint {
  timeMs: number;
  value: number;
}

export interface ChartSeries {
  /** Shown in the legend, e.g. "Strategy" or "Buy and hold SPY". */
  name: string;
  points: readonly ChartPoint[];
}

/** A time-series line chart, independent of any tool and of how it is drawn. */
export interface ChartSpec {
  title: string;
  /** A second title line, e.g. the benchmarks' returns. */
  subtitle?: string;
  yAxisLabel: string;
  /** Drawn in this order; the first is the subject (e.g. the strategy). */
  series: readonly ChartSeries[];
  /** A log y axis, for values that compound over long periods (all values must be positive). */
  logScale?: boolean;
}

/** Draws charts as images for the faces that show them (MCP image content, chat uploads). */
export interface ChartRenderer {
  /** A PNG image of the chart. */
  renderPng(chart: ChartSpec): Promise<Uint8Array>;
}
