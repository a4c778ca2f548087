import { describe, expect, it } from "vitest";
import type { ChartPoint } from "../ports/chart-renderer.ts";
import type { TimeChartSpec } from "../ports/chart-renderer.ts";
import { chartsForResult } from "./charts-for-result.ts";

/** The charts of these tools are all time series. */
const timeCharts = (tool: string, result: unknown) =>
  chartsForResult(tool, result) as TimeChartSpec[];
import { downsample, maxChartPoints } from "./downsample.ts";

const dayMs = 86_400_000;
const startMs = Date.UTC(2021, 0, 4);
const iso = (index: number) => new Date(startMs + index * dayMs).toISOString();

const metrics = (totalReturn: number, maxDrawdown = 0.1) => ({
  startTime: iso(0),
  endTime: iso(3),
  totalReturn,
  maxDrawdown,
});

/** A hand-made backtest_strategy result: 100 -> 120 -> 90 -> 110 (a 25% drawdown). */
const backtest = {
  id: "bt_1",
  strategyId: "s_1",
  metrics: metrics(0.1, 0.25),
  trades: [],
  openPositions: [],
  equity: [100, 120, 90, 110].map((value, index) => ({ time: iso(index), value })),
  benchmarks: {
    buyAndHold: { name: "Buy and hold (equal weight)", metrics: metrics(0.3) },
    sma50_200: { name: "SMA 50/200 trend (equal weight)", metrics: metrics(0.12) },
    spy: { name: "Buy and hold SPY", metrics: metrics(-0.05) },
  },
  warnings: [],
};

describe("chartsForResult", () => {
  it("charts a backtest's equity with its benchmarks' returns, and its drawdown", () => {
    const [equity, drawdown, ...rest] = timeCharts("backtest_strategy", backtest);
    expect(rest).toEqual([]);
    expect(equity).toMatchObject({
      title: "Equity against benchmarks, 2021-01-04 to 2021-01-07",
      subtitle:
        "Total return: Strategy +10.0% · Buy and hold (equal weight) +30.0% · SMA 50/200 trend (equal weight) +12.0% · Buy and hold SPY -5.0%",
      yAxisLabel: "Equity",
      logScale: false,
    });
    expect(equity!.series.map((series) => series.name)).toEqual(["Strategy"]);
    expect(equity!.series[0]!.points).toEqual(
      [100, 120, 90, 110].map((value, index) => ({ timeMs: startMs + index * dayMs, value })),
    );
    expect(drawdown!.yAxisLabel).toBe("Drawdown (%)");
    expect(drawdown!.subtitle).toBe("Largest fall from a peak: -25.0%");
    const drawdowns = drawdown!.series[0]!.points.map((point) => point.value);
    [0, 0, -25, -100 / 12].forEach((expected, index) =>
      expect(drawdowns[index]).toBeCloseTo(expected, 12),
    );
  });

  it("draws a stored backtest shown again (get_backtest) as backtest_strategy drew it", () => {
    const shownAgain = { ...backtest, trades: [], tradeCount: { total: 0, matching: 0 } };
    expect(timeCharts("get_backtest", shownAgain)).toEqual(
      timeCharts("backtest_strategy", backtest),
    );
    expect(timeCharts("get_backtest", shownAgain)).toHaveLength(2);
  });

  it("draws each benchmark's curve when the result carries it, SPY only when present", () => {
    const curve = (values: number[]) => values.map((value, index) => ({ time: iso(index), value }));
    const { buyAndHold, sma50_200 } = backtest.benchmarks;
    const result = {
      ...backtest,
      benchmarks: {
        buyAndHold: { ...buyAndHold, equity: curve([100, 105, 110, 130]) },
        sma50_200: { ...sma50_200, equity: curve([100, 100, 104, 112]) },
      },
    };
    const [equity] = timeCharts("backtest_strategy", result);
    expect(equity!.series.map((series) => series.name)).toEqual([
      "Strategy",
      "Buy and hold (equal weight)",
      "SMA 50/200 trend (equal weight)",
    ]);
    expect(equity!.subtitle).not.toContain("SPY");
  });

  it("draws a variant's original beside it, in equity and in drawdown", () => {
    const before = [100, 110, 55, 60].map((value, index) => ({ time: iso(index), value }));
    const result = {
      ...backtest,
      variantOf: { metrics: metrics(-0.4, 0.5), equity: before },
    };
    const [equity, drawdown] = timeCharts("backtest_strategy", result);
    expect(equity!.series.map((series) => series.name)).toEqual(["Strategy", "Before the changes"]);
    expect(equity!.subtitle).toMatch(
      /^Total return: Strategy \+10\.0% · Before the changes -40\.0% · /,
    );
    expect(drawdown!.series.map((series) => series.name)).toEqual([
      "Strategy",
      "Before the changes",
    ]);
    // 110 -> 55 is -50%; 60 is 45.45...% below the peak of 110.
    const values = drawdown!.series[1]!.points.map((point) => point.value);
    [0, 0, -50, (60 / 110 - 1) * 100].forEach((expected, index) =>
      expect(values[index]).toBeCloseTo(expected, 12),
    );
  });

  it("uses a log axis for equity that compounds several times over", () => {
    const result = {
      ...backtest,
      equity: [100, 300, 900].map((value, index) => ({ time: iso(index), value })),
    };
    expect(timeCharts("backtest_strategy", result)[0]!.logScale).toBe(true);
  });

  it("charts the close of get_bars", () => {
    const bars = [10, 11, 12].map((close, index) => ({
      time: iso(index),
      open: close,
      high: close,
      low: close,
      close,
      volume: 1,
    }));
    const result = {
      symbol: "DEMO1",
      timeframe: "1d",
      adjusted: true,
      bars,
      corporateActions: [],
      rolls: [],
    };
    const charts = timeCharts("get_bars", result);
    expect(charts).toHaveLength(1);
    expect(charts[0]).toMatchObject({
      title: "DEMO1 close, 1d bars (adjusted)",
      yAxisLabel: "Price",
      logScale: false,
    });
    expect(charts[0]!.series[0]!.name).toBe("Close");
    expect(charts[0]!.series[0]!.points.map((point) => point.value)).toEqual([10, 11, 12]);
  });

  it("charts an optimization's walk-forward equity and its search, and nothing without them", () => {
    const walkForward = {
      mode: "rolling",
      efficiency: 0.625,
      outOfSampleReturn: 0.045,
      stitchedEquity: [
        { time: "2021-01-04T00:00:00.000Z", value: 100_000 },
        { time: "2021-06-01T00:00:00.000Z", value: 110_000 },
        { time: "2021-12-31T00:00:00.000Z", value: 104_500 },
      ],
    };
    const optimization = {
      objective: "Sharpe ratio (daily returns, annualized)",
      best: { params: { fast: 10, slow: 50 }, objective: 1.1 },
    };
    const [chart, ...rest] = timeCharts("optimize_strategy", { ...optimization, walkForward });
    expect(rest).toEqual([]);
    expect(chart).toMatchObject({
      title: "Walk-forward out-of-sample equity (rolling windows)",
      subtitle: "Out-of-sample return +4.5% · walk-forward efficiency 0.63",
    });
    expect(chart!.series[0]!.points.map((point) => point.value)).toEqual([
      100_000, 110_000, 104_500,
    ]);
    expect(timeCharts("optimize_strategy", { best: {} })).toEqual([]);
    expect(chartsForResult("optimize_strategy", optimization)).toEqual([]);
    // With the search's trials, their heatmap comes first (search-charts.test.ts draws it).
    const surface = [
      { params: { fast: 10, slow: 50 }, value: 1.1 },
      { params: { fast: 20, slow: 50 }, value: 0.4 },
    ];
    const charts = chartsForResult("optimize_strategy", { ...optimization, surface, walkForward });
    expect(charts.map((drawn) => drawn.kind ?? "time")).toEqual(["heatmap", "time"]);
  });

  it("draws compared backtests from 1, telling apart two of one name", () => {
    const curve = (values: number[]) => values.map((value, index) => ({ time: iso(index), value }));
    const [chart] = timeCharts("compare_backtests", {
      common: { start: iso(0), end: iso(2) },
      equity: [
        { id: "aaaaaaaa-1", name: "SMA 5/10 crossover", curve: curve([1, 1.1, 1.2]) },
        { id: "bbbbbbbb-2", name: "SMA 5/10 crossover", curve: curve([1, 0.9, 1.3]) },
        { id: "cccccccc-3", name: "Hold", curve: curve([1, 1, 1]) },
      ],
    });
    expect(chart!.title).toBe("Equity from 1, 2021-01-04 to 2021-01-06");
    expect(chart!.allSubjects).toBe(true);
    expect(chart!.series.map((series) => series.name)).toEqual([
      "SMA 5/10 crossover (aaaaaaaa)",
      "SMA 5/10 crossover (bbbbbbbb)",
      "Hold",
    ]);
    expect(chart!.series[1]!.points.map((point) => point.value)).toEqual([1, 0.9, 1.3]);
  });

  it("charts a pair's rolling correlation, and across more symbols the average with the first eigenvalue's share", () => {
    const history = [0.5, -0.2, 0.1].map((value, index) => ({
      time: iso(index),
      averageCorrelation: value,
      firstEigenShare: 0.6 + index / 10,
    }));
    const base = { window: 60, baseline: { averageCorrelation: 0.25 }, history };
    const [pair] = timeCharts("compute_correlations", { ...base, symbols: ["SPY", "TLT"] });
    expect(pair!.title).toBe("SPY/TLT correlation, rolling 60 days");
    expect(pair!.subtitle).toContain("the year before the last window averaged 0.25");
    expect(pair!.series.map((series) => series.name)).toEqual(["SPY/TLT"]);
    expect(pair!.series[0]!.points.map((point) => point.value)).toEqual([0.5, -0.2, 0.1]);
    const [many] = timeCharts("compute_correlations", { ...base, symbols: ["A", "B", "C"] });
    expect(many!.title).toBe("Correlation across 3 symbols, rolling 60 days");
    expect(many!.series.map((series) => series.name)).toEqual([
      "Average correlation",
      "First eigenvalue's share",
    ]);
    expect(many!.series[1]!.points.map((point) => point.value)).toEqual([0.6, 0.7, 0.8]);
  });

  it("draws returns by month as a heatmap of years by months first, and by year as bars", () => {
    const years = [
      { period: "2023", return: 0.1 },
      { period: "2024", return: -0.05 },
    ];
    const months = [
      { period: "2023-12", return: 0.02 },
      { period: "2024-01", return: -0.05 },
    ];
    const [grid, equity] = chartsForResult("get_backtest", {
      ...backtest,
      periodReturns: { months, years },
    });
    expect(grid).toMatchObject({ kind: "heatmap", title: "Returns by month", diverging: true });
    expect(grid!.kind === "heatmap" && grid!.cells).toEqual([
      { x: 12, y: 2023, value: 2 },
      { x: 1, y: 2024, value: -5 },
    ]);
    expect(equity!.title).toMatch(/^Equity against benchmarks/);
    const [bars] = chartsForResult("get_backtest", {
      ...backtest,
      periodReturns: { months: [], years },
    });
    expect(bars).toMatchObject({
      kind: "xy",
      title: "Returns by year",
      series: [
        {
          mark: "bar",
          points: [
            { x: "2023", y: 10 },
            { x: "2024", y: -5 },
          ],
        },
      ],
    });
  });

  it("has no chart for other tools, other shapes, or fewer than two points", () => {
    expect(timeCharts("market_calendar", backtest)).toEqual([]);
    expect(timeCharts("backtest_strategy", { equity: "none" })).toEqual([]);
    expect(
      timeCharts("backtest_strategy", { ...backtest, equity: backtest.equity.slice(0, 1) }),
    ).toEqual([]);
    expect(
      timeCharts("get_bars", { symbol: "X", timeframe: "1d", adjusted: true, bars: [] }),
    ).toEqual([]);
  });

  it("bounds a long backtest's series for drawing", () => {
    const result = {
      ...backtest,
      equity: Array.from({ length: 20_000 }, (_, index) => ({
        time: iso(index),
        value: 100 + Math.sin(index / 7) * 10 + index / 100,
      })),
    };
    for (const chart of timeCharts("backtest_strategy", result)) {
      for (const series of chart.series) expect(series.points.length).toBeLessThanOrEqual(1000);
    }
  });
});

describe("downsample", () => {
  /** A seeded walk (xorshift), so the test is the same every run. */
  function walk(length: number, seed: number): ChartPoint[] {
    let state = seed;
    let value = 100;
    return Array.from({ length }, (_, index) => {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      value += ((state >>> 0) / 2 ** 32 - 0.5) * 2;
      return { timeMs: startMs + index * dayMs, value };
    });
  }

  it("returns a short series unchanged", () => {
    const points = walk(maxChartPoints, 7);
    expect(downsample(points)).toBe(points);
  });

  it.each([1001, 5000, 123_457])(
    "keeps %i points' first, last, minimum and maximum, in time order, within the bound",
    (length) => {
      const points = walk(length, length);
      const kept = downsample(points);
      expect(kept.length).toBeLessThanOrEqual(maxChartPoints);
      expect(kept.length).toBeGreaterThan(maxChartPoints - 10);
      expect(kept[0]).toBe(points[0]);
      expect(kept.at(-1)).toBe(points.at(-1));
      const lowest = (series: readonly ChartPoint[]) =>
        series.reduce((low, point) => Math.min(low, point.value), Infinity);
      const highest = (series: readonly ChartPoint[]) =>
        series.reduce((high, point) => Math.max(high, point.value), -Infinity);
      expect(lowest(kept)).toBe(lowest(points));
      expect(highest(kept)).toBe(highest(points));
      for (let index = 1; index < kept.length; index++)
        expect(kept[index]!.timeMs).toBeGreaterThan(kept[index - 1]!.timeMs);
    },
  );

  it("keeps an isolated spike", () => {
    const points = Array.from({ length: 10_000 }, (_, index) => ({
      timeMs: index,
      value: index === 4321 ? 50 : 1,
    }));
    expect(downsample(points, 100).map((point) => point.timeMs)).toContain(4321);
  });
});
