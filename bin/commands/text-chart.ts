import asciichart from "asciichart";
import { chartsForResult } from "../../tools/charts/charts-for-result.ts";
import { downsample } from "../../tools/charts/downsample.ts";
import type { ChartSpec, TimeChartSpec } from "../../tools/ports/chart-renderer.ts";
import { textHeatmap } from "./text-heatmap.ts";

/** Points across: with the axis labels, the chart fits an 80-column terminal. */
const columns = 70;

/**
 * A time chart's subject (its first series: the strategy, the close) drawn in text for a
 * terminal, under a line saying what it is and when; a heatmap in characters; undefined for
 * other charts over quantities.
 * Min-max decimation keeps the peaks and troughs a plain sample would step over.
 */
export function textChart(chart: ChartSpec, height = 10): string | undefined {
  if (chart.kind === "xy") return undefined;
  if (chart.kind === "heatmap") return textHeatmap(chart);
  if (chart.allSubjects) return eachSeries(chart);
  const subject = chart.series[0];
  if (!subject || subject.points.length < 2) return undefined;
  const points = downsample(subject.points, columns);
  const values = points.map((point) => point.value);
  const format = axisFormat(values);
  // "Strategy equity"; a subject named for what it is ("Closing price") stands alone.
  const axis = chart.yAxisLabel.toLowerCase();
  const what =
    chart.series.length === 1
      ? chart.title
      : subject.name.toLowerCase().includes(axis)
        ? subject.name
        : `${subject.name} ${axis}`;
  return `${what}, ${day(points[0]!.timeMs)} to ${day(points.at(-1)!.timeMs)}:\n${asciichart.plot(values, { height, format })}`;
}

const day = (timeMs: number) => new Date(timeMs).toISOString().slice(0, 10);

/** Axis labels of 8 characters: thousands as "121k", hundreds whole, small values to cents. */
function axisFormat(values: readonly number[]): (value: number) => string {
  const largest = Math.max(...values.map(Math.abs));
  return (value) =>
    (largest >= 10_000
      ? `${(value / 1000).toFixed(0)}k`
      : largest >= 100
        ? value.toFixed(0)
        : value.toFixed(2)
    ).padStart(8);
}

/**
 * Each series in a small chart of its own under its name, all on one scale: lines of one
 * character set could not be told apart in a single chart without colour.
 */
function eachSeries(chart: TimeChartSpec): string | undefined {
  const drawn = chart.series
    .filter((series) => series.points.length >= 2)
    .map((series) => ({ name: series.name, points: downsample(series.points, columns) }));
  if (drawn.length === 0) return undefined;
  const values = drawn.flatMap(({ points }) => points.map((point) => point.value));
  const scale = { min: Math.min(...values), max: Math.max(...values) };
  const format = axisFormat(values);
  return [
    `${chart.title}:`,
    ...drawn.map(
      ({ name, points }) =>
        `${name}:\n${asciichart.plot(
          points.map((point) => point.value),
          { height: 6, format, ...scale },
        )}`,
    ),
  ].join("\n");
}

/** The first time chart of each result of a turn, in text. */
export function turnTextCharts(
  calls: readonly { name: string; ok: boolean; output: unknown }[],
): string[] {
  return calls.flatMap((call) => {
    if (!call.ok) return [];
    const text = chartsForResult(call.name, call.output)
      .map((chart) => textChart(chart))
      .find((drawn) => drawn !== undefined);
    return text ? [text] : [];
  });
}
