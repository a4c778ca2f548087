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
export interface TimeChartSpec {
  kind?: "time";
  title: string;
  /** A second title line, e.g. the benchmarks' returns. */
  subtitle?: string;
  yAxisLabel: string;
  /** Drawn in this order; the first is the subject (e.g. the strategy). */
  series: readonly ChartSeries[];
  /** A log y axis, for values that compound over long periods (all values must be positive). */
  logScale?: boolean;
  /** Every series is a subject (backtests compared), none a benchmark: a text drawing shows each. */
  allSubjects?: boolean;
}

/** One series of an x/y chart: a line through its points, dots, or bars. */
export interface XYSeries {
  name: string;
  mark: "line" | "point" | "bar";
  /** x a quantity (a volatility) or a category (an asset's name), kept in this order. */
  points: readonly { x: number | string; y: number }[];
}

/** A chart over a quantity or category rather than time (an efficient frontier, weights). */
export interface XYChartSpec {
  kind: "xy";
  title: string;
  subtitle?: string;
  xAxisLabel: string;
  yAxisLabel: string;
  /** Drawn in this order; every series has numeric x, or every series categorical x. */
  series: readonly XYSeries[];
}

/**
 * Values over a plane of two quantities (an optimization's objective over two parameters): a
 * coloured cell per point, the marked point ringed.
 */
export interface HeatmapChartSpec {
  kind: "heatmap";
  title: string;
  subtitle?: string;
  xAxisLabel: string;
  yAxisLabel: string;
  /** What the colour shows, e.g. "Sharpe ratio". */
  valueLabel: string;
  /** Values are signed around 0 (returns): a diverging colour, red below 0 and blue above. */
  diverging?: boolean;
  /** At most one cell per (x, y); a null value (tried, no value: a pruned trial) is grey. */
  cells: readonly { x: number; y: number; value: number | null }[];
  /** Ringed, e.g. the best parameters; `label` says what it is ("the best: fast 13, slow 72"). */
  marked?: { x: number; y: number; label: string };
}

export type ChartSpec = TimeChartSpec | XYChartSpec | HeatmapChartSpec;

/** Draws charts as images for the faces that show them (MCP image content, chat uploads). */
export interface ChartRenderer {
  /** A PNG image of the chart. */
  renderPng(chart: ChartSpec): Promise<Uint8Array>;
}
